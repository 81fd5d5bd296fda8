/**
 * The builtins of the language itself. Everything else (ls, cat, docker…)
 * is an external command behind the exec handler.
 */
import type { Interp, IO } from '../interp';
import {
  aliasBuiltin, breakBuiltin, cdBuiltin, commandBuiltin, continueBuiltin, evalBuiltin, execBuiltin,
  exitBuiltin, pwdBuiltin, returnBuiltin, sourceBuiltin, typeBuiltin, unaliasBuiltin, waitBuiltin,
} from './core';
import { declareBuiltin, exportBuiltin, letBuiltin, localBuiltin, setBuiltin, shiftBuiltin, unsetBuiltin } from './vars';
import { echoBuiltin, printfBuiltin } from './print';
import { readBuiltin } from './read';
import { testBuiltin } from './test';
import { trapBuiltin } from './trap';

export type Builtin = (sh: Interp, args: string[], io: IO) => Promise<number> | number;

export const BUILTINS = new Map<string, Builtin>();
const names = new Set<string>();

const table: Record<string, Builtin> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,
  cd: cdBuiltin,
  pwd: pwdBuiltin,
  exit: exitBuiltin,
  return: returnBuiltin,
  break: breakBuiltin,
  continue: continueBuiltin,
  eval: evalBuiltin,
  source: sourceBuiltin,
  '.': sourceBuiltin,
  type: typeBuiltin(names),
  command: commandBuiltin(names),
  alias: aliasBuiltin,
  unalias: unaliasBuiltin,
  exec: execBuiltin,
  wait: waitBuiltin,
  export: exportBuiltin,
  unset: unsetBuiltin,
  local: localBuiltin,
  declare: declareBuiltin,
  typeset: declareBuiltin,
  // Recorded as a plain assignment: nothing enforces read-only variables.
  readonly: declareBuiltin,
  set: setBuiltin,
  shift: shiftBuiltin,
  let: letBuiltin,
  echo: echoBuiltin,
  printf: printfBuiltin,
  read: readBuiltin,
  test: testBuiltin,
  '[': testBuiltin,
  trap: trapBuiltin,
};

for (const [name, fn] of Object.entries(table)) {
  BUILTINS.set(name, fn);
  names.add(name);
}
