/**
 * Shell syntax: text to AST. Knows nothing about running commands; the
 * interpreter (src/shell/interp) walks what this produces.
 */
import type { File } from './ast';
import { Parser } from './parser';
import { ShellSyntaxError } from './errors';

export * from './ast';
export { ShellSyntaxError } from './errors';
export { Parser } from './parser';
export { quote, quoteBackslash } from './quote';

/** Parses a whole script. Throws ShellSyntaxError. */
export function parse(source: string): File {
  return new Parser(source).parseFile();
}

/**
 * False when the input stops inside a construct (open quote, trailing `\`,
 * `if` without `fi`, `a |`, here-document without its delimiter line), so the
 * terminal asks for more with a `> ` prompt. Input with a real syntax error is
 * complete: running it reports the error.
 */
export function isComplete(source: string): boolean {
  const p = new Parser(source);
  try {
    p.parseAllStmts();
  } catch (e) {
    if (e instanceof ShellSyntaxError) return !e.incomplete;
    throw e;
  }
  return !p.openAtEof;
}
