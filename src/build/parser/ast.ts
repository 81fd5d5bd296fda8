/**
 * Dockerfile AST, shaped like BuildKit's parser.Node (frontend/dockerfile/parser).
 *
 * A parsed Dockerfile is a root Node whose `children` are the instructions.
 * An instruction node has `value` = the instruction word as written (e.g. "RUN",
 * "copy"), `flags` = the leading `--flag[=value]` words, and its arguments as a
 * linked list through `next`. ONBUILD's argument is a node whose single child is
 * the trigger instruction:  (onbuild (run "echo" "hi")).
 *
 * Everything is plain data (no classes, no cycles), so it survives structured clone.
 */

export interface Heredoc {
  /** Delimiter word with quotes removed, e.g. "EOF" for <<'EOF'. */
  name: string;
  /** The N of `N<<EOF` (0 when absent). */
  fileDescriptor: number;
  /** False when any part of the delimiter was quoted: the body must not be expanded. */
  expand: boolean;
  /** `<<-EOF`: leading tabs are stripped from the body (and terminator) */
  chomp: boolean;
  /** Body lines, each with its original line ending, without the terminator line. */
  content: string;
}

export interface NodeAttributes {
  /** The arguments were given in JSON (exec) form. */
  json?: boolean;
}

export interface Node {
  value: string;
  next: Node | null;
  children: Node[];
  heredocs: Heredoc[];
  attributes: NodeAttributes;
  /** The whole logical line (continuations joined), as BuildKit's Node.Original. */
  original: string;
  /** Builder flags (`--from=x`, `--link`), only on instruction nodes. */
  flags: string[];
  /** 1-based, inclusive; for the root: the first and last instruction lines. */
  startLine: number;
  endLine: number;
  /** Comment lines directly above the instruction (without '#'), as BuildKit's PrevComment. */
  prevComment: string[];
}

export type EscapeToken = '\\' | '`';

export interface ParserDirectives {
  escape: EscapeToken;
  /** `# syntax=` value, or null. (Recorded only; Layerlab uses its built-in frontend.) */
  syntax: string | null;
  /** `# check=` value, or null. */
  check: string | null;
}

export interface ParseWarning {
  message: string;
  /** 1-based line BuildKit reports the warning on (the last line of the instruction). */
  line: number;
  startLine: number;
  endLine: number;
  /** BuildKit's lint rule URL. */
  url: string;
}

export interface ParseResult {
  ast: Node;
  directives: ParserDirectives;
  warnings: ParseWarning[];
}

export function newNode(value = '', next: Node | null = null): Node {
  return {
    value,
    next,
    children: [],
    heredocs: [],
    attributes: {},
    original: '',
    flags: [],
    startLine: 0,
    endLine: 0,
    prevComment: [],
  };
}

/** The argument values of an instruction node (BuildKit's nodeArgs), ONBUILD's trigger flattened. */
export function nodeArgs(node: Node): string[] {
  const out: string[] = [];
  for (let n = node.next; n !== null; n = n.next) {
    if (n.children.length === 0) out.push(n.value);
    else if (n.children.length === 1) {
      out.push(n.children[0].value, ...nodeArgs(n.children[0]));
    }
  }
  return out;
}
