/**
 * BuildKit's Node.Dump(): the s-expression form used by its parser test corpus,
 * e.g. `(copy ["--from=a"] "/x" "/y")`, `(onbuild (run "echo" "hi"))`.
 */
import type { Node, ParseResult } from './ast';
import { goQuote, goQuoteSlice, trimSpace } from './gostr';

export function dumpNode(node: Node): string {
  let s = node.value.toLowerCase();
  if (node.flags.length > 0) s += ' ' + goQuoteSlice(node.flags);
  for (const c of node.children) s += '(' + dumpNode(c) + ')\n';
  for (let n = node.next; n !== null; n = n.next) {
    s += ' ' + (n.children.length > 0 ? dumpNode(n) : goQuote(n.value));
  }
  return trimSpace(s);
}

/** The dump of a whole parse, one instruction per line, ending with a newline (as BuildKit's dumper prints it). */
export function dumpAst(result: ParseResult | Node): string {
  const ast = 'ast' in result ? result.ast : result;
  return dumpNode(ast) + '\n';
}
