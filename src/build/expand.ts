/**
 * Variable substitution for Dockerfile instructions, as BuildKit does it.
 *
 * Which instructions get expanded (BuildKit dockerfile2llb, checked against
 * frontend/dockerfile/instructions/commands.go and dockerfile2llb/convert.go):
 *
 *  - with the stage's ENV + ARG values, one word in -> one word out (`expandWord`):
 *      ENV        keys and values
 *      LABEL      keys and values
 *      ADD        sources, destination, --chown, --chmod, --checksum
 *      COPY       sources, destination, --chown, --chmod   (NOT --from: a `$` there is an error,
 *                 "variable expansion is not supported for --from, define a new stage with FROM
 *                 using ARG from global scope as a workaround")
 *      WORKDIR    path
 *      USER       user
 *      VOLUME     each path
 *      STOPSIGNAL signal
 *      ARG        name and default value (at the point the ARG is evaluated)
 *      RUN        only the --mount option values (see parseMount); the command itself is
 *                 left to the shell
 *  - split into several words (`expandWords`):
 *      EXPOSE     each argument may expand to several ports
 *  - with the global (before the first FROM) ARGs only:
 *      FROM       image reference and --platform
 *  - heredoc bodies of ADD/COPY whose delimiter was not quoted: `expandHeredoc`
 *    (quotes are not processed, the escape token is always backslash)
 *  - never: CMD, ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER, ONBUILD (its trigger is expanded
 *    when it runs in the child build), RUN's command and RUN heredoc bodies (the shell does it).
 */
import type { EscapeToken } from './parser/ast';
import { ShellLex, type EnvLike, type ProcessWordResult } from './shellWords';

export type { EnvLike, EnvGetter, ProcessWordResult, LexOptions } from './shellWords';
export { ShellLex, ShellExpansionError } from './shellWords';

/**
 * Substitute variables in one word and remove quotes/escapes (ProcessWord).
 * `expandWord('"$HOME"/x', {HOME: '/root'}) === '/root/x'`; unset variables are empty.
 * Throws ShellExpansionError (code INVALID_ARGUMENT) on bad syntax or `${X:?msg}`.
 */
export function expandWord(word: string, env: EnvLike | null | undefined, escapeToken: EscapeToken = '\\'): string {
  return new ShellLex(escapeToken).processWord(word, env);
}

/** Substitute then split on unquoted whitespace (ProcessWords): `a "b c" $X` -> ['a', 'b c', …]. */
export function expandWords(word: string, env: EnvLike | null | undefined, escapeToken: EscapeToken = '\\'): string[] {
  return new ShellLex(escapeToken).processWords(word, env);
}

/** Like expandWord, also reporting which variable names were used / missing (for lint warnings). */
export function expandWordWithMatches(word: string, env: EnvLike | null | undefined, escapeToken: EscapeToken = '\\'): ProcessWordResult {
  return new ShellLex(escapeToken).processWordWithMatches(word, env);
}

/** Expand an ADD/COPY heredoc body (BuildKit's ExpandRaw: quotes kept, escape token `\`). */
export function expandHeredoc(content: string, env: EnvLike | null | undefined): string {
  return new ShellLex('\\', { skipProcessQuotes: true }).processWord(content, env);
}
