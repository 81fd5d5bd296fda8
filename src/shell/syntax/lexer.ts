/**
 * Tokens and words. Shell tokenizing depends on context (a `$(` inside a word
 * holds whole commands, here-document bodies start after the next newline), so
 * the lexer scans on demand for the parser, which extends it and supplies the
 * nested parsing of command substitutions.
 */
import type { Stmt, Word, WordPart, ParamExp, ParamOp, Redirect, RedirOp } from './ast';
import { ShellSyntaxError } from './errors';

export type TokKind = 'word' | 'op' | 'redir' | 'newline' | 'eof';

export interface Token {
  kind: TokKind;
  /** Operator text (`&&`, `;`, `(`, `>>`…); empty for words, newline and EOF. */
  value: string;
  word: Word | null;
  /** Source text, for messages. */
  raw: string;
  /** The word's text when it is one unquoted literal: candidates for reserved words. */
  lit: string | null;
  /** `2>` style descriptor of a redirect operator. */
  fd: number | null;
  line: number;
}

type Ctx = 'word' | 'dq' | 'param' | 'hdoc' | 'arith';

interface PendingHdoc {
  redir: Redirect;
  delim: string;
  quoted: boolean;
  stripTabs: boolean;
}

const OPS = [';;&', ';;', ';&', ';', '&&', '&>>', '&>', '&', '||', '|&', '|', '(', ')',
  '<<<', '<<-', '<<', '<&', '<>', '<', '>>', '>&', '>|', '>'];
const REDIR_OPS: ReadonlySet<string> = new Set(['<<<', '<<-', '<<', '<&', '<>', '<', '>>', '>&', '>|', '>', '&>', '&>>']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = '@*#?$!-';

export function isMeta(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '|' || c === '&' || c === ';' ||
    c === '<' || c === '>' || c === '(' || c === ')';
}

export abstract class Lexer {
  protected readonly src: string;
  protected i = 0;
  tok!: Token;
  private readonly lineOffset: number;
  private newlines: number[] | null = null;
  private pending: PendingHdoc[] = [];
  /** Input ended inside a here-document or after a lone `\`: parsed, but not complete. */
  openAtEof = false;

  constructor(src: string, lineOffset = 0) {
    this.src = src;
    this.lineOffset = lineOffset;
  }

  /** Parses commands up to a `)` token for `$(`; leaves `tok` on that `)`. */
  protected abstract parseSubst(): Stmt[];
  /** A parser over other text (backquotes, here-document bodies) sharing nothing but line numbers. */
  protected abstract sub(src: string, lineOffset: number): Lexer;
  abstract parseAllStmts(): Stmt[];

  lineAt(pos: number): number {
    if (!this.newlines) {
      this.newlines = [];
      for (let k = this.src.indexOf('\n'); k >= 0; k = this.src.indexOf('\n', k + 1)) this.newlines.push(k);
    }
    let lo = 0, hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid] < pos) lo = mid + 1; else hi = mid;
    }
    return this.lineOffset + lo + 1;
  }

  protected fail(message: string, incomplete = false, pos = this.i): never {
    throw new ShellSyntaxError(message, this.lineAt(pos), incomplete);
  }

  protected unexpected(tok: Token): never {
    if (tok.kind === 'eof') this.fail('syntax error: unexpected end of file', true);
    const text = tok.kind === 'newline' ? 'newline' : tok.raw;
    this.fail(`syntax error near unexpected token \`${text}'`);
  }

  next(): void {
    this.tok = this.lex();
  }

  /** Registers a here-document whose body starts after the next newline token. */
  protected addHeredoc(redir: Redirect, delim: Word): void {
    let text = '';
    let quoted = false;
    for (const p of delim.parts) {
      if (p.type === 'Lit') text += p.value;
      else if (p.type === 'Esc' || p.type === 'SglQuoted') { text += p.value; quoted = true; }
      else if (p.type === 'DblQuoted') {
        quoted = true;
        for (const q of p.parts) if (q.type === 'Lit') text += q.value;
      }
    }
    this.pending.push({ redir, delim: text, quoted, stripTabs: redir.op === '<<-' });
  }

  private lex(): Token {
    const src = this.src;
    for (;;) {
      const c = src[this.i];
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '\\' && src[this.i + 1] === '\n') this.i += 2;
      else if (c === '#') {
        while (this.i < src.length && src[this.i] !== '\n') this.i++;
      } else break;
    }
    const start = this.i;
    const line = this.lineAt(start);
    const tok = (kind: TokKind, value: string, fd: number | null = null): Token =>
      ({ kind, value, word: null, raw: src.slice(start, this.i), lit: null, fd, line });
    if (this.i >= src.length) {
      if (this.pending.length) this.readHeredocs();
      return tok('eof', '');
    }
    if (src[this.i] === '\n') {
      this.i++;
      this.readHeredocs();
      return tok('newline', '');
    }
    let j = this.i;
    while (j < src.length && src[j] >= '0' && src[j] <= '9') j++;
    if (j > this.i && (src[j] === '<' || src[j] === '>')) {
      const fd = Number(src.slice(this.i, j));
      this.i = j;
      const op = OPS.find((o) => src.startsWith(o, this.i) && REDIR_OPS.has(o) && !o.startsWith('&'));
      this.i += op!.length;
      return tok('redir', op!, fd);
    }
    for (const op of OPS) {
      if (src.startsWith(op, this.i)) {
        this.i += op.length;
        return tok(REDIR_OPS.has(op) ? 'redir' : 'op', op);
      }
    }
    const parts = this.scanParts('word', isMeta);
    const t = tok('word', '');
    t.word = { type: 'Word', parts };
    if (parts.length === 1 && parts[0].type === 'Lit') t.lit = parts[0].value;
    return t;
  }

  private readHeredocs(): void {
    const src = this.src;
    for (const h of this.pending) {
      let body = '';
      for (;;) {
        const nl = src.indexOf('\n', this.i);
        const end = nl < 0 ? src.length : nl;
        let line = src.slice(this.i, end);
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delim && (nl >= 0 || this.i < src.length)) { this.i = nl < 0 ? end : nl + 1; break; }
        if (nl < 0) {
          // bash warns and takes what it has; the terminal keeps prompting instead.
          body += line;
          this.i = end;
          this.openAtEof = true;
          break;
        }
        body += line + '\n';
        this.i = nl + 1;
      }
      const line = this.lineAt(this.i);
      h.redir.hdoc = h.quoted
        ? { type: 'Word', parts: [{ type: 'SglQuoted', value: body, dollar: false }] }
        : { type: 'Word', parts: [{ type: 'DblQuoted', parts: this.sub(body, line - 1).scanAll('hdoc') }] };
    }
    this.pending = [];
  }

  /** Scans the whole input as one here-document body or arithmetic text. */
  scanAll(ctx: Ctx): WordPart[] {
    return this.scanParts(ctx, () => false);
  }

  protected scanParts(ctx: Ctx, stop: (c: string) => boolean): WordPart[] {
    const src = this.src;
    const parts: WordPart[] = [];
    let lit = '';
    const flush = () => {
      if (lit) parts.push({ type: 'Lit', value: lit });
      lit = '';
    };
    while (this.i < src.length) {
      const c = src[this.i];
      if (stop(c)) break;
      if (c === '\\') {
        const n = src[this.i + 1];
        if (n === '\n') { this.i += 2; continue; }
        if (n === undefined) {
          if (ctx === 'word') this.openAtEof = true;
          lit += '\\';
          this.i++;
          continue;
        }
        this.i += 2;
        if (ctx === 'word' || ctx === 'param') { flush(); parts.push({ type: 'Esc', value: n }); }
        else if (n === '$' || n === '`' || n === '\\' || (ctx === 'dq' && n === '"')) lit += n;
        else lit += '\\' + n;
        continue;
      }
      if (c === "'" && (ctx === 'word' || ctx === 'param')) {
        flush();
        const end = src.indexOf("'", this.i + 1);
        if (end < 0) this.fail("unexpected EOF while looking for matching `''", true);
        parts.push({ type: 'SglQuoted', value: src.slice(this.i + 1, end), dollar: false });
        this.i = end + 1;
        continue;
      }
      if (c === '"' && ctx !== 'dq' && ctx !== 'hdoc') {
        flush();
        parts.push(this.scanDouble());
        continue;
      }
      if (c === '`') {
        flush();
        parts.push(this.scanBackquote(ctx === 'dq'));
        continue;
      }
      if (c === '$') {
        const p = this.scanDollar(ctx);
        if (p) { flush(); parts.push(p); continue; }
      }
      lit += c;
      this.i++;
    }
    flush();
    return parts;
  }

  private scanDouble(): WordPart {
    this.i++;
    const parts = this.scanParts('dq', (c) => c === '"');
    if (this.i >= this.src.length) this.fail('unexpected EOF while looking for matching `"\'', true);
    this.i++;
    return { type: 'DblQuoted', parts };
  }

  private scanBackquote(inDq: boolean): WordPart {
    const src = this.src;
    const start = this.i;
    this.i++;
    let text = '';
    while (this.i < src.length && src[this.i] !== '`') {
      const c = src[this.i];
      const n = src[this.i + 1];
      if (c === '\\' && n !== undefined) {
        text += n === '$' || n === '`' || n === '\\' || (inDq && n === '"') ? n : c + n;
        this.i += 2;
      } else {
        text += c;
        this.i++;
      }
    }
    if (this.i >= src.length) this.fail('unexpected EOF while looking for matching ``\'', true);
    this.i++;
    const inner = this.sub(text, this.lineAt(start) - 1);
    return { type: 'CmdSubst', stmts: inner.parseAllStmts(), backquote: true };
  }

  private scanDollar(ctx: Ctx): WordPart | null {
    const src = this.src;
    const n = src[this.i + 1];
    if (n === '(') {
      if (src[this.i + 2] === '(') {
        this.i += 3;
        return { type: 'ArithExp', expr: this.scanArith() };
      }
      this.i += 2;
      return { type: 'CmdSubst', stmts: this.parseSubst(), backquote: false };
    }
    if (n === '{') return this.scanBraceParam();
    if (n === "'" && (ctx === 'word' || ctx === 'param')) {
      this.i++;
      return this.scanAnsiC();
    }
    if (n === '"' && (ctx === 'word' || ctx === 'param')) {
      this.i++;
      return this.scanDouble();
    }
    const param = (name: string): ParamExp =>
      ({ type: 'ParamExp', name, short: true, length: false, op: null, arg: null, arg2: null });
    if (n !== undefined && NAME_START.test(n)) {
      let j = this.i + 2;
      while (j < src.length && NAME_CHAR.test(src[j])) j++;
      const name = src.slice(this.i + 1, j);
      this.i = j;
      return param(name);
    }
    if (n !== undefined && ((n >= '0' && n <= '9') || SPECIAL_PARAMS.includes(n))) {
      this.i += 2;
      return param(n);
    }
    return null;
  }

  /** Arithmetic text after `$((` or `((`, up to and past the closing `))`. */
  protected scanArith(): Word {
    let depth = 0;
    const parts = this.scanParts('arith', (c) => {
      if (c === '(') depth++;
      else if (c === ')') { if (depth === 0) return true; depth--; }
      return false;
    });
    if (this.i >= this.src.length) this.fail('unexpected EOF while looking for matching `))\'', true);
    if (this.src[this.i + 1] !== ')') this.fail("syntax error near unexpected token `)'");
    this.i += 2;
    return { type: 'Word', parts };
  }

  /** One `;`-separated section of a C-style for header; consumes the separator. */
  protected scanArithSection(last: boolean): Word {
    let depth = 0;
    const parts = this.scanParts('arith', (c) => {
      if (c === '(') depth++;
      else if (c === ')') { if (depth === 0) return true; depth--; }
      else if (c === ';' && depth === 0) return true;
      return false;
    });
    if (this.i >= this.src.length) this.fail('unexpected EOF while looking for matching `))\'', true);
    const c = this.src[this.i];
    if (last ? c !== ')' || this.src[this.i + 1] !== ')' : c !== ';') this.fail(`syntax error near unexpected token \`${c}'`);
    this.i += last ? 2 : 1;
    return { type: 'Word', parts };
  }

  private scanBraceParam(): WordPart {
    const src = this.src;
    const start = this.i;
    this.i += 2;
    const bad = (): never => {
      const end = src.indexOf('}', this.i);
      if (end < 0) this.fail("unexpected EOF while looking for matching `}'", true);
      this.fail(`${src.slice(start, end + 1)}: bad substitution`);
    };
    let length = false;
    if (src[this.i] === '#' && src[this.i + 1] !== '}' && src[this.i + 1] !== undefined) {
      length = true;
      this.i++;
    }
    let name: string;
    const c = src[this.i];
    if (c !== undefined && NAME_START.test(c)) {
      let j = this.i + 1;
      while (j < src.length && NAME_CHAR.test(src[j])) j++;
      name = src.slice(this.i, j);
      this.i = j;
    } else if (c !== undefined && c >= '0' && c <= '9') {
      let j = this.i + 1;
      while (j < src.length && src[j] >= '0' && src[j] <= '9') j++;
      name = src.slice(this.i, j);
      this.i = j;
    } else if (c !== undefined && SPECIAL_PARAMS.includes(c)) {
      name = c;
      this.i++;
    } else return bad();
    const exp: ParamExp = { type: 'ParamExp', name, short: false, length, op: null, arg: null, arg2: null };
    const close = () => {
      if (this.i >= src.length) this.fail("unexpected EOF while looking for matching `}'", true);
      if (src[this.i] !== '}') bad();
      this.i++;
    };
    if (length || src[this.i] === '}') {
      close();
      return exp;
    }
    const ops: ParamOp[] = [':-', ':=', ':+', ':?', ':', '-', '=', '+', '?', '##', '#', '%%', '%', '//', '/'];
    const op = ops.find((o) => src.startsWith(o, this.i));
    if (!op) return bad();
    this.i += op.length;
    exp.op = op;
    const word = (stop: (c: string) => boolean): Word => ({ type: 'Word', parts: this.scanParts('param', stop) });
    if (op === ':') {
      exp.arg = word((ch) => ch === ':' || ch === '}');
      if (src[this.i] === ':') { this.i++; exp.arg2 = word((ch) => ch === '}'); }
    } else if (op === '/' || op === '//') {
      exp.arg = word((ch) => ch === '/' || ch === '}');
      if (src[this.i] === '/') { this.i++; exp.arg2 = word((ch) => ch === '}'); }
    } else {
      exp.arg = word((ch) => ch === '}');
    }
    close();
    return exp;
  }

  private scanAnsiC(): WordPart {
    const src = this.src;
    let j = this.i + 1;
    let value = '';
    while (j < src.length && src[j] !== "'") {
      if (src[j] !== '\\' || j + 1 >= src.length) { value += src[j++]; continue; }
      const e = src[j + 1];
      j += 2;
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
      if (e in simple) value += simple[e];
      else if (e === 'x') {
        const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(j));
        if (m) { value += String.fromCharCode(parseInt(m[0], 16)); j += m[0].length; } else value += '\\x';
      } else if (e >= '0' && e <= '7') {
        const m = /^[0-7]{1,3}/.exec(src.slice(j - 1))!;
        value += String.fromCharCode(parseInt(m[0], 8));
        j += m[0].length - 1;
      } else value += '\\' + e;
    }
    if (j >= src.length) this.fail("unexpected EOF while looking for matching `''", true);
    this.i = j + 1;
    return { type: 'SglQuoted', value, dollar: true };
  }

  protected isRedirOp(op: string): op is RedirOp {
    return REDIR_OPS.has(op);
  }
}
