// Lint enforces the layers: core is pure, only the Electron entry and IPC host may touch electron,
// the renderer reaches the backend only through the shared contract.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'os', 'path', 'worker_threads', 'dgram', 'tls', 'readline', 'stream', 'crypto'];
const nodeIo = nodeBuiltins.flatMap((m) => [m, `node:${m}`]);
const electronOnly = { name: 'electron', message: 'Only src/main/index.ts, src/main/electron/* and src/preload may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'native/**', 'bench/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, ...nodeIo.map((name) => ({ name, message: 'core is pure: no I/O. Put I/O in transport, services or store.' }))],
          patterns: [{ group: ['**/transport/**', '**/services/**', '**/store/**', '**/rpc/**', 'better-sqlite3', 'ssh2', 'ws'], message: 'core must not depend on I/O layers.' }],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnly, ...nodeIo.map((name) => ({ name, message: 'shared runs in the renderer too: no Node I/O.' }))], patterns: [{ group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'shared depends on nothing but zod.' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnly, ...nodeIo.map((name) => ({ name, message: 'the renderer has no Node: go through window.api.' }))], patterns: [{ group: ['**/main/**', '**/preload/**'], message: 'the renderer talks to the backend only through src/shared and window.api.' }] },
      ],
    },
  },
);
