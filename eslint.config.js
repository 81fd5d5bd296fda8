// Lint: typescript-eslint's recommended rules, plus the architecture boundary:
// src/engine, src/shell and src/build run unchanged in a worker, the page and Node,
// so they may not import React, xterm, Monaco or the UI, nor touch DOM globals.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const uiModules = ['react', 'react-dom', 'react-dom/*', '@xterm/*', 'monaco-editor', 'monaco-editor/*', 'xterm', '**/ui/**', '**/ui'];
const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'Element', 'Node', 'location', 'alert', 'confirm', 'prompt'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/engine/**', 'src/shell/**', 'src/build/**'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: uiModules, message: 'engine, shell and build must not depend on the UI (React, xterm, Monaco, src/ui).' }],
      }],
      'no-restricted-globals': ['error', ...domGlobals.map((name) => ({ name, message: `${name} is a DOM global: engine, shell and build run in workers and Node too. Inject what you need.` }))],
    },
  },
);
