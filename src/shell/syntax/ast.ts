/**
 * The syntax tree of Layerlab's shell language (a bash subset), shaped after
 * mvdan/sh: a Stmt carries negation, background and redirections so that any
 * command, simple or compound, can be redirected the same way.
 *
 * Words keep their quoting structure; quote removal, splitting and globbing
 * happen in src/shell/expand, never here.
 */

export interface File {
  type: 'File';
  stmts: Stmt[];
}

export interface Stmt {
  type: 'Stmt';
  cmd: Command;
  negated: boolean;
  background: boolean;
  redirs: Redirect[];
  /** 1-based source line, for `bash: line N:` messages of scripts. */
  line: number;
}

export type Command =
  | CallExpr
  | Pipeline
  | BinaryCmd
  | IfClause
  | WhileClause
  | ForClause
  | CForClause
  | CaseClause
  | Block
  | Subshell
  | FuncDecl
  | ArithCmd
  | TestClause;

/** A simple command: assignments, then words. Either list may be empty (not both, unless redirected). */
export interface CallExpr {
  type: 'CallExpr';
  assigns: Assign[];
  args: Word[];
}

export interface Assign {
  type: 'Assign';
  name: string;
  /** `NAME+=value` appends. */
  append: boolean;
  value: Word;
}

export interface Pipeline {
  type: 'Pipeline';
  stmts: Stmt[];
}

export interface BinaryCmd {
  type: 'BinaryCmd';
  op: '&&' | '||';
  x: Stmt;
  y: Stmt;
}

export interface IfClause {
  type: 'IfClause';
  /** `if` and every `elif`, in order. */
  branches: { cond: Stmt[]; body: Stmt[] }[];
  else: Stmt[] | null;
}

export interface WhileClause {
  type: 'WhileClause';
  until: boolean;
  cond: Stmt[];
  body: Stmt[];
}

export interface ForClause {
  type: 'ForClause';
  name: string;
  /** null when `in` is absent: iterate over "$@". */
  items: Word[] | null;
  body: Stmt[];
}

/** `for ((init; cond; post))`; the three parts are arithmetic text. */
export interface CForClause {
  type: 'CForClause';
  init: Word;
  cond: Word;
  post: Word;
  body: Stmt[];
}

export interface CaseClause {
  type: 'CaseClause';
  word: Word;
  items: CaseItem[];
}

export interface CaseItem {
  type: 'CaseItem';
  patterns: Word[];
  body: Stmt[];
  /** `;;` stops, `;&` falls through to the next body, `;;&` tests the next patterns. */
  op: ';;' | ';&' | ';;&';
}

export interface Block {
  type: 'Block';
  stmts: Stmt[];
}

export interface Subshell {
  type: 'Subshell';
  stmts: Stmt[];
}

export interface FuncDecl {
  type: 'FuncDecl';
  name: string;
  body: Stmt;
}

/** `(( expr ))`: status 0 when the expression is non-zero. */
export interface ArithCmd {
  type: 'ArithCmd';
  expr: Word;
}

/**
 * `[[ … ]]`: words are expanded without splitting or globbing; operators that
 * the lexer sees as control operators (`&&`, `||`, `(`, `)`, `<`, `>`) are TestOps.
 */
export interface TestClause {
  type: 'TestClause';
  items: (Word | TestOp)[];
}

export interface TestOp {
  type: 'TestOp';
  op: string;
}

export type RedirOp =
  | '<' | '>' | '>>' | '>|' | '<>'
  | '>&' | '<&'
  | '&>' | '&>>'
  | '<<' | '<<-' | '<<<';

export interface Redirect {
  type: 'Redirect';
  op: RedirOp;
  /** Explicit descriptor (`2>`), or null for the operator's default. */
  fd: number | null;
  /** Target file, descriptor number, here-string, or here-document delimiter. */
  word: Word;
  /** Here-document body; a quoted delimiter makes it one SglQuoted part (no expansion). */
  hdoc: Word | null;
}

export interface Word {
  type: 'Word';
  parts: WordPart[];
}

export type WordPart = Lit | Esc | SglQuoted | DblQuoted | ParamExp | CmdSubst | ArithExp;

/** Unquoted literal text: subject to globbing (and tilde expansion at a word's start). */
export interface Lit {
  type: 'Lit';
  value: string;
}

/** A backslash-escaped character outside quotes: literal, never globbed or split. */
export interface Esc {
  type: 'Esc';
  value: string;
}

/** `'...'`, or `$'...'` with its escapes already decoded. */
export interface SglQuoted {
  type: 'SglQuoted';
  value: string;
  dollar: boolean;
}

/** `"..."`: expansions inside are neither split nor globbed. Lit parts inside are plain text. */
export interface DblQuoted {
  type: 'DblQuoted';
  parts: WordPart[];
}

export type ParamOp =
  | ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?'
  | '#' | '##' | '%' | '%%' | '/' | '//' | ':';

export interface ParamExp {
  type: 'ParamExp';
  /** Variable name, positional digits, or one of `@ * # ? $ ! - 0`. */
  name: string;
  /** `$name` without braces. */
  short: boolean;
  /** `${#name}` */
  length: boolean;
  op: ParamOp | null;
  /** Operand of op: default value, pattern, or for `:` the offset. */
  arg: Word | null;
  /** Replacement of `/` `//`, or the length of `:`. */
  arg2: Word | null;
}

export interface CmdSubst {
  type: 'CmdSubst';
  stmts: Stmt[];
  backquote: boolean;
}

/** `$(( expr ))`: the text is expanded first, then evaluated as arithmetic. */
export interface ArithExp {
  type: 'ArithExp';
  expr: Word;
}

export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'if', 'then', 'elif', 'else', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until',
  'for', 'in', 'function', '{', '}', '!', '[[', ']]', 'select', 'time',
]);
