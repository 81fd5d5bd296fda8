/**
 * Shell arithmetic, `$(( ))` and `(( ))`: 64-bit signed integers with C
 * operators. Parsed to a tree before evaluation because `&&`, `||` and `?:`
 * must not run the side effects (`x++`, `x=1`) of the branch they skip.
 */
import { ExpandError } from './errors';

export interface ArithVars {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Node =
  | { k: 'num'; v: bigint }
  | { k: 'var'; name: string }
  | { k: 'unary'; op: string; x: Node }
  | { k: 'binary'; op: string; x: Node; y: Node; pos: number }
  | { k: 'assign'; op: string; name: string; x: Node }
  | { k: 'incr'; op: '++' | '--'; prefix: boolean; name: string }
  | { k: 'cond'; c: Node; t: Node; f: Node };

interface Tok { t: 'num' | 'name' | 'op' | 'end'; v: string; pos: number }

const OPS = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||',
  '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=',
  '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '|', '^', '?', ':', '(', ')', ','];

const BINARY: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
  '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 11,
};
const ASSIGN_OPS: ReadonlySet<string> = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^=']);

const int64 = (v: bigint): bigint => BigInt.asIntN(64, v);

class ArithParser {
  private toks: Tok[] = [];
  private k = 0;
  constructor(private readonly text: string) {
    this.tokenize();
  }

  fail(msg: string, pos: number): never {
    const rest = this.text.slice(pos).trim();
    throw new ExpandError(`${this.text}: ${msg} (error token is "${rest}")`);
  }

  private tokenize(): void {
    const s = this.text;
    let i = 0;
    while (i < s.length) {
      const c = s[i];
      if (c === ' ' || c === '\t' || c === '\n') { i++; continue; }
      const num = /^(0[xX][0-9a-fA-F]+|[0-9]+#[0-9a-zA-Z@_]+|[0-9]+)/.exec(s.slice(i));
      if (num) {
        if (/^[0-9]/.test(s.slice(i + num[0].length)) || /^[A-Za-z_]/.test(s.slice(i + num[0].length))) {
          this.fail('value too great for base', i);
        }
        this.toks.push({ t: 'num', v: num[0], pos: i });
        i += num[0].length;
        continue;
      }
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
      if (name) {
        this.toks.push({ t: 'name', v: name[0], pos: i });
        i += name[0].length;
        continue;
      }
      const op = OPS.find((o) => s.startsWith(o, i));
      if (!op) this.fail('syntax error: invalid arithmetic operator', i);
      this.toks.push({ t: 'op', v: op, pos: i });
      i += op.length;
    }
    this.toks.push({ t: 'end', v: '', pos: s.length });
  }

  private peek(): Tok { return this.toks[this.k]; }
  private take(): Tok { return this.toks[this.k++]; }
  private isOp(v: string): boolean { const t = this.peek(); return t.t === 'op' && t.v === v; }

  parseAll(): Node | null {
    if (this.peek().t === 'end') return null;
    const n = this.comma();
    const t = this.peek();
    if (t.t !== 'end') this.fail('syntax error in expression', t.pos);
    return n;
  }

  private comma(): Node {
    let n = this.assign();
    while (this.isOp(',')) {
      const pos = this.take().pos;
      n = { k: 'binary', op: ',', x: n, y: this.assign(), pos };
    }
    return n;
  }

  private assign(): Node {
    const t = this.peek();
    const next = this.toks[this.k + 1];
    if (t.t === 'name' && next.t === 'op' && ASSIGN_OPS.has(next.v)) {
      this.k += 2;
      return { k: 'assign', op: next.v, name: t.v, x: this.assign() };
    }
    return this.ternary();
  }

  private ternary(): Node {
    const c = this.binary(1);
    if (!this.isOp('?')) return c;
    this.take();
    const t = this.assign();
    if (!this.isOp(':')) this.fail("syntax error: `:' expected for conditional expression", this.peek().pos);
    this.take();
    return { k: 'cond', c, t, f: this.assign() };
  }

  private binary(min: number): Node {
    let x = this.unary();
    for (;;) {
      const t = this.peek();
      const prec = t.t === 'op' ? BINARY[t.v] : undefined;
      if (prec === undefined || prec < min) return x;
      this.take();
      // The right operand's text is what bash names as the error token of `1/0`.
      const pos = this.peek().pos;
      // `**` is right-associative; every other binary operator groups left.
      const y = this.binary(t.v === '**' ? prec : prec + 1);
      x = { k: 'binary', op: t.v, x, y, pos };
    }
  }

  private unary(): Node {
    const t = this.peek();
    if (t.t === 'op') {
      if (t.v === '++' || t.v === '--') {
        this.take();
        const n = this.take();
        if (n.t !== 'name') this.fail('syntax error: operand expected', n.pos);
        return { k: 'incr', op: t.v, prefix: true, name: n.v };
      }
      if (t.v === '!' || t.v === '~' || t.v === '-' || t.v === '+') {
        this.take();
        return { k: 'unary', op: t.v, x: this.unary() };
      }
    }
    return this.postfix();
  }

  private postfix(): Node {
    const t = this.take();
    if (t.t === 'num') return { k: 'num', v: parseNumber(t.v, (m) => this.fail(m, t.pos)) };
    if (t.t === 'name') {
      if (this.isOp('++') || this.isOp('--')) {
        const op = this.take().v as '++' | '--';
        return { k: 'incr', op, prefix: false, name: t.v };
      }
      return { k: 'var', name: t.v };
    }
    if (t.t === 'op' && t.v === '(') {
      const n = this.comma();
      if (!this.isOp(')')) this.fail("missing `)'", this.peek().pos);
      this.take();
      return n;
    }
    // At the end bash names the operator that wanted an operand.
    this.fail('syntax error: operand expected', t.t === 'end' && this.k > 1 ? this.toks[this.k - 2].pos : t.pos);
  }
}

function parseNumber(text: string, fail: (msg: string) => never): bigint {
  if (/^0[xX]/.test(text)) return int64(BigInt(text));
  const based = /^([0-9]+)#(.+)$/.exec(text);
  if (based) {
    const base = Number(based[1]);
    if (base < 2 || base > 64) fail('invalid arithmetic base');
    let v = 0n;
    for (const ch of based[2]) {
      const d = digitValue(ch, base);
      if (d < 0 || d >= base) fail('value too great for base');
      v = v * BigInt(base) + BigInt(d);
    }
    return int64(v);
  }
  if (text.length > 1 && text.startsWith('0')) {
    if (/[89]/.test(text)) fail('value too great for base');
    return int64(BigInt('0o' + text.slice(1)));
  }
  return int64(BigInt(text));
}

function digitValue(ch: string, base: number): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'a' && ch <= 'z') return ch.charCodeAt(0) - 97 + 10;
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 65 + (base <= 36 ? 10 : 36);
  if (ch === '@') return 62;
  if (ch === '_') return 63;
  return -1;
}

class Evaluator {
  private depth = 0;
  constructor(private readonly vars: ArithVars, private readonly p: ArithParser) {}

  private read(name: string): bigint {
    const raw = this.vars.get(name);
    if (raw === undefined || raw.trim() === '') return 0n;
    if (/^-?[0-9]+$/.test(raw.trim())) return int64(BigInt(raw.trim()));
    // bash evaluates a variable's value as an expression of its own.
    if (++this.depth > 64) throw new ExpandError(`${name}: expression recursion level exceeded`);
    try {
      return evalArith(raw, this.vars);
    } finally {
      this.depth--;
    }
  }

  eval(n: Node): bigint {
    switch (n.k) {
      case 'num': return n.v;
      case 'var': return this.read(n.name);
      case 'unary': {
        const x = this.eval(n.x);
        if (n.op === '!') return x === 0n ? 1n : 0n;
        if (n.op === '~') return int64(~x);
        if (n.op === '-') return int64(-x);
        return x;
      }
      case 'incr': {
        const old = this.read(n.name);
        const v = int64(n.op === '++' ? old + 1n : old - 1n);
        this.vars.set(n.name, String(v));
        return n.prefix ? v : old;
      }
      case 'assign': {
        const rhs = this.eval(n.x);
        const v = n.op === '=' ? rhs : this.apply(n.op.slice(0, -1), this.read(n.name), rhs, -1);
        this.vars.set(n.name, String(v));
        return v;
      }
      case 'cond': return this.eval(n.c) !== 0n ? this.eval(n.t) : this.eval(n.f);
      case 'binary': {
        if (n.op === '&&') return this.eval(n.x) !== 0n && this.eval(n.y) !== 0n ? 1n : 0n;
        if (n.op === '||') return this.eval(n.x) !== 0n || this.eval(n.y) !== 0n ? 1n : 0n;
        const x = this.eval(n.x);
        const y = this.eval(n.y);
        return this.apply(n.op, x, y, n.pos);
      }
    }
  }

  private apply(op: string, x: bigint, y: bigint, pos: number): bigint {
    const b = (c: boolean) => (c ? 1n : 0n);
    switch (op) {
      case ',': return y;
      case '+': return int64(x + y);
      case '-': return int64(x - y);
      case '*': return int64(x * y);
      case '/': case '%':
        if (y === 0n) this.p.fail('division by 0', Math.max(pos, 0));
        return int64(op === '/' ? x / y : x % y);
      case '**':
        if (y < 0n) this.p.fail('exponent less than 0', Math.max(pos, 0));
        return int64(x ** y);
      case '<<': return int64(x << (y & 63n));
      case '>>': return int64(x >> (y & 63n));
      case '&': return x & y;
      case '|': return x | y;
      case '^': return x ^ y;
      case '<': return b(x < y);
      case '>': return b(x > y);
      case '<=': return b(x <= y);
      case '>=': return b(x >= y);
      case '==': return b(x === y);
      case '!=': return b(x !== y);
    }
    throw new ExpandError(`${op}: unsupported arithmetic operator`);
  }
}

/** Evaluates expanded arithmetic text; empty text is 0. Throws ExpandError. */
export function evalArith(text: string, vars: ArithVars): bigint {
  const p = new ArithParser(text);
  const tree = p.parseAll();
  return tree ? new Evaluator(vars, p).eval(tree) : 0n;
}
