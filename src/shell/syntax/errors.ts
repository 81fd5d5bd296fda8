/**
 * A syntax error in user input. Not an EngineError: nothing is broken, the user
 * typed something bash would reject, and the runner prints it bash's way.
 */
export class ShellSyntaxError extends Error {
  /** 1-based line where the error was found. */
  readonly line: number;
  /**
   * The input ended inside a construct (open quote, `if` without `fi`, `a |`).
   * The terminal shows a continuation prompt instead of the error.
   */
  readonly incomplete: boolean;
  constructor(message: string, line: number, incomplete: boolean) {
    super(message);
    this.name = 'ShellSyntaxError';
    this.line = line;
    this.incomplete = incomplete;
  }
}
