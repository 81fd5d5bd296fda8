/**
 * Docker's shell-word lexer: quote removal, escapes and `$VAR` / `${VAR…}`
 * substitution, with the semantics of BuildKit's frontend/dockerfile/shell/lex.go
 * (ProcessWord, ProcessWords, ProcessWordWithMatches).
 *
 * Supported substitutions: $VAR ${VAR} ${VAR:-word} ${VAR-word} ${VAR:+word}
 * ${VAR+word} ${VAR:?msg} ${VAR?msg} ${VAR#pat} ${VAR##pat} ${VAR%pat}
 * ${VAR%%pat} ${VAR/pat/repl} ${VAR//pat/repl}; positional ($1…) and special
 * ($@ $* $# $? $- $$ $! $0) parameters are read as (normally unset) names.
 *
 * Pure TypeScript: runs in the worker, the page and Node.
 */
import { EngineError } from '../engine/errors';
import { goQuote, isDigit, isLetter, isSpace } from './parser/gostr';

/** Something variables can be read from. */
export interface EnvGetter {
  get(name: string): string | undefined;
}
export type EnvLike = EnvGetter | ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export function toEnvGetter(env: EnvLike | null | undefined): EnvGetter {
  if (env == null) return { get: () => undefined };
  if (env instanceof Map) return { get: (k) => env.get(k) };
  if (typeof (env as EnvGetter).get === 'function') return env as EnvGetter;
  const rec = env as Readonly<Record<string, string>>;
  return { get: (k) => (Object.prototype.hasOwnProperty.call(rec, k) ? rec[k] : undefined) };
}

export interface LexOptions {
  /** Keep quote characters in the output (BuildKit's RawQuotes). */
  rawQuotes?: boolean;
  /** Keep escape characters in the output (RawEscapes). */
  rawEscapes?: boolean;
  /** Treat ' and " as ordinary characters (SkipProcessQuotes; used for heredoc bodies). */
  skipProcessQuotes?: boolean;
  /** Leave references to unset variables as written (SkipUnsetEnv). */
  skipUnsetEnv?: boolean;
}

export interface ProcessWordResult {
  result: string;
  words: string[];
  /** Variable names that were looked up and found. */
  matched: Set<string>;
  /** Variable names that were looked up and not set. */
  unmatched: Set<string>;
}

export class ShellExpansionError extends EngineError {
  constructor(message: string, word: string) {
    super('INVALID_ARGUMENT', message, { word });
    this.name = 'ShellExpansionError';
  }
}

const EOF = null;
type Ch = string | null;

class Failure extends Error {}

function fail(msg: string): never {
  throw new Failure(msg);
}

/** Words being split while a word is processed (wordsStruct in lex.go). */
class Words {
  buf = '';
  words: string[] = [];
  inWord = false;
  addChar(ch: string): void {
    if (isSpace(ch) && this.inWord) {
      if (this.buf.length !== 0) {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else if (!isSpace(ch)) {
      this.addRawChar(ch);
    }
  }
  addRawChar(ch: string): void {
    this.buf += ch;
    this.inWord = true;
  }
  addString(s: string): void {
    for (const ch of s) this.addChar(ch);
  }
  addRawString(s: string): void {
    this.buf += s;
    this.inWord = true;
  }
  getWords(): string[] {
    if (this.buf.length > 0) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

function isSpecialParam(ch: string): boolean {
  return '@*#?-$!0'.includes(ch);
}

function isHeredocWhitespace(ch: Ch): boolean {
  return ch === '\t' || ch === '\r' || ch === ' ';
}

/** Go's %c of a rune, where EOF (-1) prints as U+FFFD. */
function runeStr(ch: Ch): string {
  return ch === EOF ? '\uFFFD' : ch;
}

class ShellWord {
  private chars: string[];
  private pos = 0;
  rawEscapes: boolean;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();

  constructor(
    word: string,
    private readonly env: EnvGetter,
    private readonly escapeToken: string,
    private readonly opts: LexOptions,
  ) {
    this.chars = Array.from(word);
    // text/scanner skips a byte-order mark at the very start
    if (this.chars[0] === '\uFEFF') this.pos = 1;
    this.rawEscapes = !!opts.rawEscapes;
  }

  private peek(): Ch {
    return this.pos < this.chars.length ? this.chars[this.pos] : EOF;
  }
  private next(): Ch {
    return this.pos < this.chars.length ? this.chars[this.pos++] : EOF;
  }

  processStopOn(stopChar: Ch, rawEscapes: boolean): [string, string[]] {
    let result = '';
    // BuildKit shares one words buffer across nested calls (so an enclosing word
    // in progress is lost after ${x:-…}); we use a fresh one per call.
    const words = new Words();
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      while (this.peek() !== EOF) {
        let ch = this.peek()!;
        if (stopChar !== EOF && ch === stopChar) {
          this.next();
          return [result, words.getWords()];
        }
        const special =
          ch === '$' ? () => this.processDollar()
          : ch === '<' ? () => this.processPossibleHeredoc()
          : !this.opts.skipProcessQuotes && ch === "'" ? () => this.processSingleQuote()
          : !this.opts.skipProcessQuotes && ch === '"' ? () => this.processDoubleQuote()
          : null;
        if (special) {
          const tmp = special();
          result += tmp;
          if (ch === '$') words.addString(tmp);
          else words.addRawString(tmp);
          continue;
        }
        ch = this.next()!;
        if (ch === this.escapeToken) {
          if (this.rawEscapes) {
            words.addRawChar(ch);
            result += ch;
          }
          const esc = this.next();
          if (esc === EOF) break;
          ch = esc;
          words.addRawChar(ch);
        } else {
          words.addChar(ch);
        }
        result += ch;
      }
      if (stopChar !== EOF) fail(`unexpected end of statement while looking for matching ${stopChar}`);
      return [result, words.getWords()];
    } finally {
      this.rawEscapes = saved;
    }
  }

  private processSingleQuote(): string {
    let result = '';
    let ch = this.next();
    if (this.opts.rawQuotes) result += ch;
    for (;;) {
      ch = this.next();
      if (ch === EOF) fail('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") {
        if (this.opts.rawQuotes) result += ch;
        return result;
      }
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    let result = '';
    const open = this.next();
    if (this.opts.rawQuotes) result += open;
    for (;;) {
      const p = this.peek();
      if (p === EOF) fail('unexpected end of statement while looking for matching double-quote');
      if (p === '"') {
        const ch = this.next();
        if (this.opts.rawQuotes) result += ch;
        return result;
      }
      if (p === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = this.next()!;
      if (ch === this.escapeToken) {
        if (this.rawEscapes) result += ch;
        const n = this.peek();
        if (n === EOF) continue; // ignore the escape at the end; the loop then fails
        if (n === '"' || n === '$' || n === this.escapeToken) ch = this.next()!;
      }
      result += ch;
    }
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const [value, found] = this.getEnv(name);
      if (!found && this.opts.skipUnsetEnv) return '$' + name;
      return value;
    }
    this.next();
    const p = this.peek();
    if (p === EOF) fail("syntax error: missing '}'");
    if (p === '{' || p === '}' || p === ':') fail('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.next();
    let chs = runeStr(ch);
    let nullIsUnset = false;

    switch (ch) {
      case '}': {
        const [value, set] = this.getEnv(name);
        if (!set && this.opts.skipUnsetEnv) return `\${${name}}`;
        return value;
      }
      case ':':
      case '+':
      case '-':
      case '?':
      case '#':
      case '%': {
        if (ch === ':') {
          nullIsUnset = true;
          ch = this.next();
          chs += runeStr(ch);
        }
        const rawEscapes = ch === '#' || ch === '%';
        if (nullIsUnset && rawEscapes) fail(`unsupported modifier (${chs}) in substitution`);
        let word: string;
        try {
          [word] = this.processStopOn('}', rawEscapes);
        } catch (e) {
          if (e instanceof Failure && this.peek() === EOF) fail("syntax error: missing '}'");
          throw e;
        }
        const [value, set] = this.getEnv(name);
        if (this.opts.skipUnsetEnv && !set) return `\${${name}${chs}${word}}`;
        switch (ch) {
          case '-':
            return !set || (nullIsUnset && value === '') ? word : value;
          case '+':
            return !set || (nullIsUnset && value === '') ? '' : word;
          case '?':
            if (!set) fail(`${name}: ${word !== '' ? word : 'is not allowed to be unset'}`);
            if (nullIsUnset && value === '') fail(`${name}: ${word !== '' ? word : 'is not allowed to be empty'}`);
            return value;
          case '%':
          case '#': {
            let greedy = false;
            if (word.length > 0 && word[0] === ch) {
              greedy = true;
              word = word.slice(1);
            }
            return ch === '%' ? trimSuffix(word, value, greedy) : trimPrefix(word, value, greedy);
          }
          default:
            return fail(`unsupported modifier (${chs}) in substitution`);
        }
      }
      case '/': {
        const replaceAll = this.peek() === '/';
        if (replaceAll) this.next();
        let pattern: string;
        let replacement: string;
        try {
          [pattern] = this.processStopOn('/', true);
        } catch (e) {
          if (e instanceof Failure && this.peek() === EOF) fail("syntax error: missing '/' in ${}");
          throw e;
        }
        try {
          [replacement] = this.processStopOn('}', true);
        } catch (e) {
          if (e instanceof Failure && this.peek() === EOF) fail("syntax error: missing '}'");
          throw e;
        }
        const [value, set] = this.getEnv(name);
        if (this.opts.skipUnsetEnv && !set) return `\${${name}/${pattern}/${replacement}}`;
        let re: RegExp;
        try {
          re = convertShellPatternToRegex(pattern, true, false, replaceAll);
        } catch (e) {
          return fail(`invalid pattern (${pattern}) in substitution: ${(e as Error).message}`);
        }
        if (replaceAll) {
          return value.replace(re, (m) => goExpandTemplate(replacement, m));
        }
        const m = re.exec(value);
        if (!m) return value;
        return value.slice(0, m.index) + goExpandTemplate(replacement, m[0]) + value.slice(m.index + m[0].length);
      }
      default:
        return fail(`unsupported modifier (${chs}) in substitution`);
    }
  }

  private processName(): string {
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek()!;
      if (name.length === 0 && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peek()!)) name += this.next();
        return name;
      }
      if (name.length === 0 && isSpecialParam(ch)) {
        return this.next()!;
      }
      if (!isLetter(ch) && !isDigit(ch) && ch !== '_') break;
      name += this.next();
    }
    return name;
  }

  private processPossibleHeredoc(): string {
    this.next();
    if (this.peek() !== '<') return '<';
    this.next();
    let space = '';
    while (isHeredocWhitespace(this.peek())) space += this.next();
    return '<<' + space;
  }

  private getEnv(name: string): [string, boolean] {
    const v = this.env.get(name);
    if (v !== undefined) {
      this.matched.add(name);
      return [v, true];
    }
    this.unmatched.add(name);
    return ['', false];
  }
}

/**
 * Go's regexp Expand for a template used with ReplaceAllString: `$$` is a
 * dollar, `$0`/`${0}` the match, other group references are empty (the
 * pattern has no groups), malformed references are literal.
 */
function goExpandTemplate(template: string, match: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const d = template.indexOf('$', i);
    if (d < 0) break;
    out += template.slice(i, d);
    i = d + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    let brace = false;
    let j = i;
    if (template[j] === '{') {
      brace = true;
      j++;
    }
    let k = j;
    while (k < template.length && /[A-Za-z0-9_]/.test(template[k])) k++;
    const name = template.slice(j, k);
    if (name === '' || (brace && template[k] !== '}')) {
      out += '$';
      continue;
    }
    i = brace ? k + 1 : k;
    if (/^[0-9]+$/.test(name) && Number(name) === 0) out += match;
  }
  return out + template.slice(i);
}

/**
 * BuildKit's convertShellPatternToRegex: `?` one char, `*` shortest (or longest
 * when greedy) run, `\x` escapes; no bracket expressions. Go's `.` does not match
 * a newline, hence `[^\n]`.
 */
export function convertShellPatternToRegex(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  const chars = Array.from(pattern);
  let out = anchored ? '^' : '';
  const any = '[^\\n]';
  const star = greedy ? `${any}*` : `${any}*?`;
  for (let i = 0; i < chars.length; i++) {
    let tok = chars[i];
    switch (tok) {
      case '*':
        out += star;
        continue;
      case '?':
        out += any;
        continue;
      case '\\': {
        const p = chars[i + 1];
        if (p === '}' || p === '/') continue;
        out += '\\';
        i++;
        if (i >= chars.length) throw new Error(`invalid escape '\\\uFFFD'`);
        tok = chars[i];
        if (tok !== '*' && tok !== '?' && tok !== '\\') throw new Error(`invalid escape '\\${tok}'`);
        break;
      }
      case '[': case ']': case '{': case '}': case '.': case '+':
      case '(': case ')': case '|': case '^': case '$':
        out += '\\';
        break;
    }
    out += tok;
  }
  return new RegExp(out, global ? 'gu' : 'u');
}

function trimPrefix(word: string, value: string, greedy: boolean): string {
  let re: RegExp;
  try {
    re = convertShellPatternToRegex(word, greedy, true);
  } catch (e) {
    return fail(`invalid pattern (${word}) in substitution: ${(e as Error).message}`);
  }
  const m = re.exec(value);
  return m ? value.slice(m.index + m[0].length) : value;
}

/** Reverse a pattern without reversing its escapes: a\*c -> c\*a. */
export function reversePattern(pattern: string): string {
  const p = Array.from(pattern);
  const out: string[] = new Array<string>(p.length);
  const last = p.length - 1;
  for (let i = 0; i <= last; ) {
    const tok = p[i];
    const o = last - i;
    if (tok === '\\' && i !== last) {
      out[o - 1] = tok;
      out[o] = p[i + 1];
      i += 2;
    } else {
      out[o] = tok;
      i++;
    }
  }
  return out.join('');
}

function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

function trimSuffix(pattern: string, word: string, greedy: boolean): string {
  return reverseString(trimPrefix(reversePattern(pattern), reverseString(word), greedy));
}

/** A configured lexer (BuildKit's shell.Lex). */
export class ShellLex {
  constructor(
    readonly escapeToken: string = '\\',
    readonly options: LexOptions = {},
  ) {}

  private run(word: string, env: EnvLike | null | undefined): ProcessWordResult {
    const sw = new ShellWord(word, toEnvGetter(env), this.escapeToken, this.options);
    try {
      const [result, words] = sw.processStopOn(EOF, !!this.options.rawEscapes);
      return { result, words, matched: sw.matched, unmatched: sw.unmatched };
    } catch (e) {
      if (e instanceof Failure) throw new ShellExpansionError(`failed to process ${goQuote(word)}: ${e.message}`, word);
      throw e;
    }
  }

  /** Substitute variables and remove quotes; whitespace is kept. */
  processWord(word: string, env?: EnvLike | null): string {
    return this.run(word, env).result;
  }

  /** Substitute, then split into words (quoted whitespace does not split). */
  processWords(word: string, env?: EnvLike | null): string[] {
    return this.run(word, env).words;
  }

  processWordWithMatches(word: string, env?: EnvLike | null): ProcessWordResult {
    return this.run(word, env);
  }
}
