/**
 * `[[ … ]]`: like `test`, but words are not split or globbed, the right side
 * of `==`/`!=` is a pattern, `=~` is a regular expression, and `&&`, `||`
 * and parentheses group. Parsed before evaluation so that operands skipped by
 * `&&`/`||` are never expanded.
 */
import type { TestClause, Word, TestOp } from '../syntax/ast';
import type { Interp, IO } from './interp';
import type { Expander } from '../expand/word';
import { matchPattern } from '../expand/pattern';
import { BINARY, TestError, TestEval, UNARY } from './builtins/test';

type Item = Word | TestOp;

type Node =
  | { k: 'or' | 'and'; a: Node; b: Node }
  | { k: 'not'; x: Node }
  | { k: 'binary'; op: string; l: Word; r: Word }
  | { k: 'unary'; op: string; w: Word }
  | { k: 'word'; w: Word };

/** The operator an item spells: a TestOp, or an unquoted literal word. */
function opText(item: Item | undefined): string | null {
  if (!item) return null;
  if (item.type === 'TestOp') return item.op;
  return item.parts.length === 1 && item.parts[0].type === 'Lit' ? item.parts[0].value : null;
}

class CondParser {
  private k = 0;
  constructor(private readonly items: Item[]) {}

  private peek(offset = 0): string | null {
    return opText(this.items[this.k + offset]);
  }

  private word(): Word {
    const it = this.items[this.k++];
    if (!it) throw new TestError('syntax error in conditional expression');
    if (it.type === 'TestOp') throw new TestError(`syntax error near \`${it.op}'`);
    return it;
  }

  all(): Node {
    const n = this.or();
    if (this.k < this.items.length) throw new TestError(`syntax error near \`${this.peek() ?? '?'}'`);
    return n;
  }

  private or(): Node {
    let a = this.and();
    while (this.peek() === '||') {
      this.k++;
      a = { k: 'or', a, b: this.and() };
    }
    return a;
  }

  private and(): Node {
    let a = this.not();
    while (this.peek() === '&&') {
      this.k++;
      a = { k: 'and', a, b: this.not() };
    }
    return a;
  }

  private not(): Node {
    if (this.peek() === '!') {
      this.k++;
      return { k: 'not', x: this.not() };
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.peek();
    if (t === '(' && this.items[this.k].type === 'TestOp') {
      this.k++;
      const n = this.or();
      if (this.peek() !== ')') throw new TestError("syntax error: expected `)'");
      this.k++;
      return n;
    }
    const next = this.peek(1);
    if (next !== null && (BINARY.has(next) || next === '=~') && this.k + 2 < this.items.length) {
      const l = this.word();
      this.k++;
      return { k: 'binary', op: next, l, r: this.word() };
    }
    const after = this.peek(1);
    if (t !== null && UNARY.has(t) && this.k + 1 < this.items.length && after !== '&&' && after !== '||' && after !== ')') {
      this.k++;
      return { k: 'unary', op: t, w: this.word() };
    }
    return { k: 'word', w: this.word() };
  }
}

async function evaluate(n: Node, ex: Expander, test: TestEval): Promise<boolean> {
  switch (n.k) {
    case 'or': return (await evaluate(n.a, ex, test)) || evaluate(n.b, ex, test);
    case 'and': return (await evaluate(n.a, ex, test)) && evaluate(n.b, ex, test);
    case 'not': return !(await evaluate(n.x, ex, test));
    case 'word': return (await ex.string(n.w)) !== '';
    case 'unary': return test.unary(n.op, await ex.string(n.w));
    case 'binary': {
      const l = await ex.string(n.l);
      if (n.op === '==' || n.op === '=' || n.op === '!=') {
        const hit = matchPattern(await ex.pattern(n.r), l);
        return n.op === '!=' ? !hit : hit;
      }
      if (n.op === '=~') {
        let re: RegExp;
        try {
          re = new RegExp(await ex.string(n.r));
        } catch {
          throw new TestError('invalid regular expression');
        }
        return re.test(l);
      }
      const r = await ex.string(n.r);
      if (/^-(eq|ne|lt|gt|le|ge)$/.test(n.op)) {
        // Inside [[ ]] the operands of integer comparisons are arithmetic expressions.
        return test.binary(String(await ex.arithText(l)), n.op, String(await ex.arithText(r)));
      }
      return test.binary(l, n.op, r);
    }
  }
}

export async function condCommand(sh: Interp, cmd: TestClause, io: IO): Promise<number> {
  try {
    const tree = new CondParser(cmd.items).all();
    return (await evaluate(tree, sh.expander(io), new TestEval(sh, []))) ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    sh.err(io, e.message);
    return 2;
  }
}
