import { describe, expect, it } from 'vitest';
import { createHarness } from './harness';
import * as rows from './rows';
import type { Row } from './rows';

const sections: [string, Row[]][] = [
  ['quoting', rows.quoting],
  ['parameters', rows.parameters],
  ['environment', rows.environment],
  ['command substitution', rows.substitution],
  ['arithmetic', rows.arithmetic],
  ['pipelines and lists', rows.lists],
  ['redirections', rows.redirections],
  ['globs', rows.globs],
  ['control flow', rows.control],
  ['functions', rows.functions],
  ['set -e', rows.errexit],
  ['set -x', rows.xtrace],
  ['builtins', rows.builtins],
  ['errors', rows.errors],
  ['extras', rows.extras],
];

describe.each(sections)('%s', (_name, table) => {
  it.each(table)('%j', async (script, stdout, stderr, status) => {
    const r = await createHarness().run(script);
    if (stderr instanceof RegExp) expect(r.stderr).toMatch(stderr);
    else expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe(stdout);
    expect(r.status).toBe(status);
  });
});
