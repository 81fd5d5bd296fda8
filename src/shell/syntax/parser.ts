/**
 * Recursive-descent parser for the shell grammar. It can parse a whole input
 * (`parse`) or one line of commands at a time (`nextLine`), which is how bash
 * runs input: each complete line executes before the next is parsed, so an
 * error on line 3 does not stop lines 1 and 2.
 */
import type {
  File, Stmt, Command, CallExpr, Assign, Redirect, Word, IfClause, CaseItem, TestClause,
} from './ast';
import { RESERVED_WORDS } from './ast';
import { Lexer, type Token } from './lexer';
import { ShellSyntaxError } from './errors';

const ASSIGN_RE = /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=/;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class Parser extends Lexer {
  private started = false;

  constructor(src: string, lineOffset = 0) {
    super(src, lineOffset);
  }

  protected sub(src: string, lineOffset: number): Lexer {
    return new Parser(src, lineOffset);
  }

  parseAllStmts(): Stmt[] {
    this.start();
    const stmts = this.stmtList([]);
    if (this.tok.kind !== 'eof') this.unexpected(this.tok);
    return stmts;
  }

  parseFile(): File {
    return { type: 'File', stmts: this.parseAllStmts() };
  }

  /**
   * The statements of the next input line (a compound command may span lines),
   * or null at the end of input.
   */
  nextLine(): Stmt[] | null {
    this.start();
    while (this.tok.kind === 'newline') this.next();
    if (this.tok.kind === 'eof') return null;
    const stmts: Stmt[] = [];
    for (;;) {
      const stmt = this.stmt();
      stmts.push(stmt);
      if (this.tok.kind === 'op' && (this.tok.value === ';' || this.tok.value === '&')) {
        stmt.background = this.tok.value === '&';
        this.next();
        if (this.atLineEnd()) break;
        continue;
      }
      if (this.atLineEnd()) break;
      this.unexpected(this.tok);
    }
    return stmts;
  }

  private start(): void {
    if (!this.started) {
      this.started = true;
      this.next();
    }
  }

  protected parseSubst(): Stmt[] {
    const saved = this.tok;
    this.next();
    const stmts = this.stmtList([]);
    if (this.tok.kind === 'eof') this.fail("unexpected EOF while looking for matching `)'", true);
    if (!this.isOp(')')) this.unexpected(this.tok);
    this.tok = saved;
    return stmts;
  }

  private atLineEnd(): boolean {
    return this.tok.kind === 'newline' || this.tok.kind === 'eof';
  }

  private isOp(v: string): boolean {
    return this.tok.kind === 'op' && this.tok.value === v;
  }

  private isWord(v: string): boolean {
    return this.tok.kind === 'word' && this.tok.lit === v;
  }

  private skipNewlines(): void {
    while (this.tok.kind === 'newline') this.next();
  }

  private expectWord(v: string): void {
    if (!this.isWord(v)) this.unexpected(this.tok);
    this.next();
  }

  /** Statements until EOF, `)`, a case terminator or one of `stops` in command position. */
  private stmtList(stops: string[]): Stmt[] {
    const stmts: Stmt[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.tok;
      if (t.kind === 'eof') break;
      if (t.kind === 'op' && (t.value === ')' || t.value.startsWith(';;') || t.value === ';&')) break;
      if (t.kind === 'word' && t.lit !== null && stops.includes(t.lit)) break;
      const stmt = this.stmt();
      stmts.push(stmt);
      if (this.isOp(';') || this.isOp('&')) {
        stmt.background = this.tok.value === '&';
        this.next();
      } else if (this.tok.kind !== 'newline') {
        break;
      }
    }
    return stmts;
  }

  /** A list the grammar requires to be non-empty (`if` needs a condition). */
  private requiredList(stops: string[]): Stmt[] {
    const stmts = this.stmtList(stops);
    if (stmts.length === 0) this.unexpected(this.tok);
    return stmts;
  }

  private stmt(): Stmt {
    let left = this.pipeline();
    while (this.isOp('&&') || this.isOp('||')) {
      const op = this.tok.value as '&&' | '||';
      this.next();
      this.skipNewlines();
      const right = this.pipeline();
      left = this.wrap({ type: 'BinaryCmd', op, x: left, y: right }, left.line);
    }
    return left;
  }

  private wrap(cmd: Command, line: number): Stmt {
    return { type: 'Stmt', cmd, negated: false, background: false, redirs: [], line };
  }

  private pipeline(): Stmt {
    let negated = false;
    while (this.isWord('!')) {
      negated = !negated;
      this.next();
    }
    const first = this.command();
    const stages = [first];
    while (this.isOp('|') || this.isOp('|&')) {
      if (this.tok.value === '|&') {
        const prev = stages[stages.length - 1];
        prev.redirs.push({ type: 'Redirect', op: '>&', fd: 2, word: litWord('1'), hdoc: null });
      }
      this.next();
      this.skipNewlines();
      stages.push(this.command());
    }
    const stmt = stages.length > 1 ? this.wrap({ type: 'Pipeline', stmts: stages }, first.line) : first;
    if (negated) stmt.negated = !stmt.negated;
    return stmt;
  }

  private command(): Stmt {
    const t = this.tok;
    const line = t.line;
    let cmd: Command | null = null;
    if (t.kind === 'word' && t.lit !== null && RESERVED_WORDS.has(t.lit)) {
      switch (t.lit) {
        case 'if': cmd = this.ifClause(); break;
        case 'while': case 'until': cmd = this.whileClause(); break;
        case 'for': cmd = this.forClause(); break;
        case 'case': cmd = this.caseClause(); break;
        case '{': {
          this.next();
          const stmts = this.requiredList(['}']);
          this.expectWord('}');
          cmd = { type: 'Block', stmts };
          break;
        }
        case 'function': cmd = this.functionKeyword(); break;
        case '[[': cmd = this.testClause(); break;
        case ']]': case 'select': case 'time': break;
        default: this.unexpected(t);
      }
    } else if (t.kind === 'op' && t.value === '(') {
      if (this.src[this.i] === '(') {
        this.i++;
        const expr = this.scanArith();
        this.next();
        cmd = { type: 'ArithCmd', expr };
      } else {
        this.next();
        const stmts = this.requiredList([]);
        if (!this.isOp(')')) this.unexpected(this.tok);
        this.next();
        cmd = { type: 'Subshell', stmts };
      }
    }
    if (cmd) {
      const stmt = this.wrap(cmd, line);
      while (this.tok.kind === 'redir') stmt.redirs.push(this.redirect());
      return stmt;
    }
    return this.simple();
  }

  private simple(): Stmt {
    const line = this.tok.line;
    const call: CallExpr = { type: 'CallExpr', assigns: [], args: [] };
    const stmt = this.wrap(call, line);
    for (;;) {
      const t = this.tok;
      if (t.kind === 'redir') {
        stmt.redirs.push(this.redirect());
      } else if (t.kind === 'word') {
        const assign = call.args.length === 0 ? asAssign(t.word!) : null;
        if (assign) {
          call.assigns.push(assign);
          this.next();
        } else if (call.args.length === 0 && call.assigns.length === 0 && t.lit !== null &&
          NAME_RE.test(t.lit.replace(/[-.:]/g, '_')) && this.peekChar() === '(') {
          return this.funcDecl(t.lit, line);
        } else {
          call.args.push(t.word!);
          this.next();
        }
      } else break;
    }
    if (call.args.length === 0 && call.assigns.length === 0 && stmt.redirs.length === 0) this.unexpected(this.tok);
    return stmt;
  }

  /** The next non-blank source character after the current token. */
  private peekChar(): string | undefined {
    let j = this.i;
    while (this.src[j] === ' ' || this.src[j] === '\t') j++;
    return this.src[j];
  }

  private funcDecl(name: string, line: number): Stmt {
    this.next();
    if (!this.isOp('(')) this.unexpected(this.tok);
    this.next();
    if (!this.isOp(')')) this.unexpected(this.tok);
    this.next();
    return this.funcBody(name, line);
  }

  private functionKeyword(): Command {
    this.next();
    const t = this.tok;
    if (t.kind !== 'word' || t.lit === null) this.unexpected(t);
    this.next();
    if (this.isOp('(')) {
      this.next();
      if (!this.isOp(')')) this.unexpected(this.tok);
      this.next();
    }
    return this.funcBody(t.lit, t.line).cmd;
  }

  private funcBody(name: string, line: number): Stmt {
    this.skipNewlines();
    const body = this.command();
    if (body.cmd.type === 'CallExpr' || body.cmd.type === 'Pipeline') {
      throw new ShellSyntaxError(`syntax error near unexpected token \`${name}'`, line, false);
    }
    return this.wrap({ type: 'FuncDecl', name, body }, line);
  }

  private redirect(): Redirect {
    const t = this.tok;
    this.next();
    const w = this.tok;
    if (w.kind !== 'word') {
      this.fail(`syntax error near unexpected token \`${w.kind === 'newline' || w.kind === 'eof' ? 'newline' : w.raw}'`);
    }
    const op = t.value;
    if (!this.isRedirOp(op)) this.unexpected(t);
    const r: Redirect = { type: 'Redirect', op, fd: t.fd, word: w.word!, hdoc: null };
    if (op === '<<' || op === '<<-') this.addHeredoc(r, w.word!);
    this.next();
    return r;
  }

  private testClause(): Command {
    this.next();
    const items: TestClause['items'] = [];
    for (;;) {
      const t = this.tok;
      if (t.kind === 'word' && t.lit === ']]') break;
      if (t.kind === 'word') items.push(t.word!);
      else if ((t.kind === 'op' && ['&&', '||', '(', ')'].includes(t.value)) || (t.kind === 'redir' && (t.value === '<' || t.value === '>') && t.fd === null)) {
        items.push({ type: 'TestOp', op: t.value });
      } else if (t.kind !== 'newline') this.unexpected(t);
      this.next();
    }
    this.next();
    if (items.length === 0) this.unexpected(this.tok);
    return { type: 'TestClause', items };
  }

  private ifClause(): IfClause {
    const node: IfClause = { type: 'IfClause', branches: [], else: null };
    do {
      this.next();
      const cond = this.requiredList(['then']);
      this.expectWord('then');
      const body = this.requiredList(['elif', 'else', 'fi']);
      node.branches.push({ cond, body });
    } while (this.isWord('elif'));
    if (this.isWord('else')) {
      this.next();
      node.else = this.requiredList(['fi']);
    }
    this.expectWord('fi');
    return node;
  }

  private doBody(): Stmt[] {
    this.skipNewlines();
    this.expectWord('do');
    const body = this.requiredList(['done']);
    this.expectWord('done');
    return body;
  }

  private whileClause(): Command {
    const until = this.tok.lit === 'until';
    this.next();
    const cond = this.requiredList(['do']);
    return { type: 'WhileClause', until, cond, body: this.doBody() };
  }

  private forClause(): Command {
    this.next();
    if (this.isOp('(') && this.src[this.i] === '(') {
      this.i++;
      const init = this.scanArithSection(false);
      const cond = this.scanArithSection(false);
      const post = this.scanArithSection(true);
      this.next();
      if (this.isOp(';')) this.next();
      return { type: 'CForClause', init, cond, post, body: this.doBody() };
    }
    const t = this.tok;
    // bash rejects a bad name (`for 1 in`) only when the loop runs.
    if (t.kind !== 'word' || t.lit === null) this.unexpected(t);
    this.next();
    let items: Word[] | null = null;
    this.skipNewlines();
    if (this.isWord('in')) {
      this.next();
      items = [];
      while (this.tok.kind === 'word') {
        items.push(this.tok.word!);
        this.next();
      }
      if (this.isOp(';') || this.tok.kind === 'newline') this.next();
      else if (!this.isWord('do')) this.unexpected(this.tok);
    } else if (this.isOp(';')) {
      this.next();
    }
    return { type: 'ForClause', name: t.lit, items, body: this.doBody() };
  }

  private caseClause(): Command {
    this.next();
    const t = this.tok;
    if (t.kind !== 'word') this.unexpected(t);
    this.next();
    this.skipNewlines();
    this.expectWord('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isWord('esac')) break;
      if (this.isOp('(')) this.next();
      const patterns: Word[] = [];
      for (;;) {
        if (this.tok.kind !== 'word') this.unexpected(this.tok);
        patterns.push(this.tok.word!);
        this.next();
        if (!this.isOp('|')) break;
        this.next();
      }
      if (!this.isOp(')')) this.unexpected(this.tok);
      this.next();
      const body = this.stmtList(['esac']);
      let op: CaseItem['op'] = ';;';
      if (this.isOp(';;') || this.isOp(';&') || this.isOp(';;&')) {
        op = this.tok.value as CaseItem['op'];
        this.next();
      } else if (!this.isWord('esac')) {
        this.unexpected(this.tok);
      }
      items.push({ type: 'CaseItem', patterns, body, op });
    }
    this.next();
    return { type: 'CaseClause', word: t.word!, items };
  }
}

function litWord(value: string): Word {
  return { type: 'Word', parts: [{ type: 'Lit', value }] };
}

function asAssign(w: Word): Assign | null {
  const first = w.parts[0];
  if (!first || first.type !== 'Lit') return null;
  const m = ASSIGN_RE.exec(first.value);
  if (!m) return null;
  const rest = first.value.slice(m[0].length);
  const parts = rest ? [{ ...first, value: rest }, ...w.parts.slice(1)] : w.parts.slice(1);
  return { type: 'Assign', name: m[1], append: m[2] === '+', value: { type: 'Word', parts } };
}

export type { Token };
