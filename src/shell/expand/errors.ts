/**
 * A failed expansion (`${x:?}`, `set -u`, division by zero): the user's
 * mistake. Like bash, it abandons the whole command line (a script exits),
 * and is reported as `bash: <message>` with status 1.
 */
export class ExpandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpandError';
  }
}
