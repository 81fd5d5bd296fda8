/**
 * Word expansion: tilde, parameters, command substitution, arithmetic, then
 * field splitting and pathname expansion of what was unquoted. The shell state
 * is reached only through ExpandHost, so this module knows nothing of the
 * interpreter.
 */
import type { Word, WordPart, ParamExp, Stmt } from '../syntax/ast';
import { ExpandError } from './errors';
import { evalArith } from './arith';
import { escapePattern, replacePattern, stripPattern } from './pattern';
import { globPaths, type ReadDir } from './glob';
import { braceWord } from './brace';

export interface ExpandHost {
  /** Any parameter: variables, `?`, `$`, `#`, `0`, `1`…; undefined when unset. */
  lookup(name: string): string | undefined;
  positional(): string[];
  /** `${x:=v}` and arithmetic assignment; throws ExpandError when not allowed. */
  assign(name: string, value: string): void;
  /** Runs a command substitution and returns its output. */
  commandSubst(stmts: Stmt[]): Promise<string>;
  readdir: ReadDir;
  cwd(): string;
  /** `set -f` */
  noglob?: boolean;
  /** `set -u` */
  nounset?: boolean;
}

const DEFAULT_IFS = ' \t\n';

interface Field {
  value: string;
  /** The same text as a pattern: quoted characters escaped. */
  pat: string;
  glob: boolean;
}

/** Collects fields while parts expand; splitting applies only to unquoted expansion results. */
class Fields {
  readonly out: Field[] = [];
  private cur: Field | null = null;
  private ifs: string;
  private ifsWs: string;

  constructor(ifs: string | undefined, readonly split: boolean) {
    this.ifs = ifs ?? DEFAULT_IFS;
    this.ifsWs = [...this.ifs].filter((c) => c === ' ' || c === '\t' || c === '\n').join('');
  }

  get ifsFirst(): string {
    return this.ifs === '' ? '' : this.ifs[0];
  }

  get started(): boolean {
    return this.cur !== null;
  }

  start(): Field {
    if (!this.cur) this.cur = { value: '', pat: '', glob: false };
    return this.cur;
  }

  end(): void {
    if (this.cur) this.out.push(this.cur);
    this.cur = null;
  }

  text(s: string, quoted: boolean): void {
    const f = this.start();
    f.value += s;
    if (quoted) f.pat += escapePattern(s);
    else {
      f.pat += s;
      if (/[*?[]/.test(s)) f.glob = true;
    }
  }

  /** An expansion's result: split on IFS unless quoted or splitting is off. */
  expansion(s: string, quoted: boolean): void {
    if (quoted || !this.split || this.ifs === '') {
      if (s !== '' || quoted) this.text(s, quoted);
      return;
    }
    let afterWs = false;
    let run = '';
    const flush = () => { if (run) { this.text(run, false); run = ''; } };
    for (const c of s) {
      if (!this.ifs.includes(c)) { run += c; afterWs = false; continue; }
      flush();
      if (this.ifsWs.includes(c)) {
        this.end();
        afterWs = true;
      } else {
        if (!(afterWs && !this.cur)) { this.start(); this.end(); }
        afterWs = false;
      }
    }
    flush();
  }
}

export class Expander {
  constructor(private readonly host: ExpandHost) {}

  /** Command arguments and `for` lists: split, globbed; may yield any number of fields. */
  async fields(words: Word[]): Promise<string[]> {
    const result: string[] = [];
    for (const w of words.flatMap(braceWord)) {
      const f = new Fields(this.host.lookup('IFS'), true);
      await this.parts(w.parts, false, f, true);
      f.end();
      for (const field of f.out) {
        if (field.glob && !this.host.noglob) {
          const matches = await globPaths(field.pat, this.host.cwd(), this.host.readdir);
          if (matches.length) { result.push(...matches); continue; }
        }
        result.push(field.value);
      }
    }
    return result;
  }

  /** One string, no splitting or globbing: assignments, redirect targets, here-documents. */
  async string(word: Word): Promise<string> {
    const f = new Fields(this.host.lookup('IFS'), false);
    await this.parts(word.parts, false, f, true);
    f.end();
    return f.out.map((x) => x.value).join(' ');
  }

  /** A pattern for `case` or `${x#pat}`: quoted characters match literally. */
  async pattern(word: Word): Promise<string> {
    const f = new Fields(this.host.lookup('IFS'), false);
    await this.parts(word.parts, false, f, true);
    f.end();
    return f.out.map((x) => x.pat).join(' ');
  }

  /** Expands then evaluates arithmetic text. */
  async arith(word: Word): Promise<bigint> {
    return this.arithText(await this.string(word));
  }

  /** Evaluates already expanded arithmetic text. */
  async arithText(text: string): Promise<bigint> {
    return evalArith(text, { get: (n) => this.host.lookup(n), set: (n, v) => this.host.assign(n, v) });
  }

  /**
   * `inArg`: the parts are the operand of `${x:-…}`, whose unquoted text is an
   * expansion result and so gets split, unlike a word's own literal text.
   */
  private async parts(parts: WordPart[], quoted: boolean, f: Fields, wordStart: boolean, inArg = false): Promise<void> {
    for (let idx = 0; idx < parts.length; idx++) {
      const p = parts[idx];
      switch (p.type) {
        case 'Lit': {
          let v = p.value;
          if (!quoted && wordStart && idx === 0 && v.startsWith('~')) {
            const m = /^~([^/]*)/.exec(v)!;
            const home = m[1] === '' ? this.host.lookup('HOME') : m[1] === 'root' ? '/root' : undefined;
            if (home !== undefined) {
              f.text(home, true);
              v = v.slice(m[0].length);
            }
          }
          if (v && inArg && !quoted) f.expansion(v, false);
          else if (v) f.text(v, quoted);
          break;
        }
        case 'Esc':
        case 'SglQuoted':
          f.text(p.value, true);
          break;
        case 'DblQuoted': {
          const only = p.parts.length === 1 && p.parts[0].type === 'ParamExp' && p.parts[0].name === '@' && p.parts[0].op === null && !p.parts[0].length;
          if (!only) f.start();
          await this.parts(p.parts, true, f, false);
          break;
        }
        case 'ParamExp':
          await this.param(p, quoted, f);
          break;
        case 'CmdSubst': {
          const out = await this.host.commandSubst(p.stmts);
          f.expansion(out.replace(/\n+$/, '').replace(/\0/g, ''), quoted);
          break;
        }
        case 'ArithExp':
          f.expansion(String(await this.arith(p.expr)), quoted);
          break;
      }
    }
  }

  private async param(p: ParamExp, quoted: boolean, f: Fields): Promise<void> {
    const host = this.host;
    const name = p.name;
    const isList = name === '@' || name === '*';
    if (p.length) {
      const n = isList ? host.positional().length : [...(host.lookup(name) ?? '')].length;
      if (!isList && host.nounset && host.lookup(name) === undefined) throw new ExpandError(`${name}: unbound variable`);
      f.expansion(String(n), quoted);
      return;
    }
    if (isList && p.op === null) {
      const list = host.positional();
      if (quoted && name === '@' && f.split) {
        list.forEach((v, i) => {
          if (i > 0) f.end();
          f.text(v, true);
        });
      } else if (quoted || !f.split) {
        f.text(list.join(name === '*' ? f.ifsFirst : ' '), quoted);
      } else {
        list.forEach((v, i) => {
          if (i > 0) f.end();
          f.expansion(v, false);
        });
      }
      return;
    }
    const value = isList ? (host.positional().length ? host.positional().join(' ') : undefined) : host.lookup(name);
    const op = p.op;
    if (op === null) {
      if (value === undefined && host.nounset && !/^[?$#!-]$/.test(name)) {
        throw new ExpandError(`${name}: unbound variable`);
      }
      f.expansion(value ?? '', quoted);
      return;
    }
    const colon = op.startsWith(':') && op !== ':';
    const present = colon ? value !== undefined && value !== '' : value !== undefined;
    switch (op) {
      case ':-': case '-':
        if (present) f.expansion(value!, quoted);
        else await this.parts(p.arg!.parts, quoted, f, false, true);
        return;
      case ':+': case '+':
        if (present) await this.parts(p.arg!.parts, quoted, f, false, true);
        return;
      case ':=': case '=': {
        if (present) { f.expansion(value!, quoted); return; }
        if (/^[0-9@*#?$!-]/.test(name)) throw new ExpandError(`$${name}: cannot assign in this way`);
        const v = await this.string(p.arg!);
        host.assign(name, v);
        f.expansion(v, quoted);
        return;
      }
      case ':?': case '?': {
        if (present) { f.expansion(value!, quoted); return; }
        const msg = p.arg && p.arg.parts.length ? await this.string(p.arg) : 'parameter null or not set';
        throw new ExpandError(`${name}: ${msg}`);
      }
      case '#': case '##': case '%': case '%%':
        f.expansion(stripPattern(value ?? '', await this.pattern(p.arg!), op), quoted);
        return;
      case '/': case '//': {
        const pat = await this.pattern(p.arg!);
        const rep = p.arg2 ? await this.string(p.arg2) : '';
        f.expansion(replacePattern(value ?? '', pat, rep, op === '//'), quoted);
        return;
      }
      case ':': {
        const chars = [...(value ?? '')];
        let off = Number(await this.arith(p.arg!));
        if (off < 0) off = Math.max(0, chars.length + off);
        let end = chars.length;
        if (p.arg2) {
          const len = Number(await this.arith(p.arg2));
          end = len < 0 ? chars.length + len : off + len;
          if (end < off) throw new ExpandError(`${len}: substring expression < 0`);
        }
        f.expansion(chars.slice(off, end).join(''), quoted);
        return;
      }
    }
  }
}
