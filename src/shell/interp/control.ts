/**
 * Control flow that unwinds through the tree walker: `exit`, `return`,
 * `break`, `continue`, and interruption (Ctrl-C, broken pipe). These are not
 * errors, so they do not extend Error and carry no stack.
 */
export class ExitSignal {
  constructor(readonly status: number) {}
}

export class ReturnSignal {
  constructor(readonly status: number) {}
}

export class BreakSignal {
  constructor(public levels: number) {}
}

export class ContinueSignal {
  constructor(public levels: number) {}
}

/** The command's signal aborted: Ctrl-C for the whole run, or SIGPIPE for one pipeline stage. */
export class InterruptSignal {}

export function isControl(e: unknown): boolean {
  return e instanceof ExitSignal || e instanceof ReturnSignal || e instanceof BreakSignal ||
    e instanceof ContinueSignal || e instanceof InterruptSignal;
}
