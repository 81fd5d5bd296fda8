// The architecture boundary is a lint rule; check that the rule really bites.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIds(path: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path });
  return res.messages.map((m) => m.ruleId ?? m.message);
}

describe('boundary lint', () => {
  it.each(['src/engine/x.ts', 'src/shell/x.ts', 'src/build/x.ts'])('forbids UI imports and DOM globals in %s', async (path) => {
    expect(await ruleIds(path, "import { useState } from 'react';\nexport const a = useState;\n")).toContain('no-restricted-imports');
    expect(await ruleIds(path, "import { Terminal } from '@xterm/xterm';\nexport const a = Terminal;\n")).toContain('no-restricted-imports');
    expect(await ruleIds(path, "import * as m from 'monaco-editor';\nexport const a = m;\n")).toContain('no-restricted-imports');
    expect(await ruleIds(path, 'export const t = () => document.title;\n')).toContain('no-restricted-globals');
    expect(await ruleIds(path, 'export const t = () => window.innerWidth;\n')).toContain('no-restricted-globals');
  });

  it('allows them in src/ui', async () => {
    expect(await ruleIds('src/ui/x.tsx', "import { useState } from 'react';\nexport const a = useState;\nexport const t = () => document.title;\n")).toEqual([]);
  });
});
