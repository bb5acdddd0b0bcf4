// Lint enforces the layers of docs/architecture.md. Each folder's permitted imports are stated once, in
// `layers` below, and eslint-plugin-boundaries checks every import in src against it with nothing allowed
// by default: a folder reaches only itself, the layers, packages and Node modules its row names, and a
// file in src that no row covers fails lint (boundaries/no-unknown-files) until its folder gets a row.
// test/unit/lint/layers.test.ts proves the rules bite.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';

/**
 * One row per folder (or single file) of src, matching the layers table of docs/architecture.md.
 * - `layers`: other rows it may import (its own files always);
 * - `typesOf`: rows it may import with `import type` only;
 * - `node`: Node's built-in modules (`node:fs`, `fs`, ...), all (`true`) or the ones named; never in core,
 *   shared or the renderer;
 * - `packages`: npm packages. `electron` is listed only for the Electron entry, its IPC host and the preload.
 * Rows without a `src` path are not code, only targets: the probe scripts' text and package.json.
 */
const layers = [
  { name: 'shared',         path: 'src/shared',             packages: ['zod'] },
  { name: 'core',           path: 'src/main/core',          layers: ['shared'] },
  { name: 'transport',      path: 'src/main/transport',     layers: ['shared'], node: true, packages: ['ssh2'] },
  { name: 'nodes',          path: 'src/main/nodes',         layers: ['transport', 'store', 'shared'], node: true, packages: ['ssh-config'] },
  { name: 'probe',          path: 'src/main/probe',         layers: ['probe scripts'] },
  { name: 'services',       path: 'src/main/services',      layers: ['core', 'transport', 'probe', 'store', 'nodes', 'shared'], typesOf: ['rpc'], node: true, packages: ['better-sqlite3', 'chokidar'] },
  { name: 'store',          path: 'src/main/store',         layers: ['shared'], node: true, packages: ['better-sqlite3'] },
  { name: 'rpc',            path: 'src/main/rpc',           layers: ['shared'] },
  // app.info reads the host name; other I/O belongs in services.
  { name: 'handlers',       path: 'src/main/handlers',      layers: ['services', 'store', 'nodes', 'localProc', 'core', 'appVersion', 'shared'], typesOf: ['rpc', 'transport'], node: ['os'] },
  { name: 'bridge',         path: 'src/main/bridge',        layers: ['rpc', 'shared'], node: true, packages: ['ws'] },
  { name: 'cli',            path: 'src/main/cli',           layers: ['backend', 'store', 'nodes', 'shared'], node: true },
  { name: 'localProc',      path: 'src/main/localProc',     layers: ['transport'], node: true },
  { name: 'backend',        path: 'src/main/backend.ts',    layers: ['rpc', 'handlers', 'services', 'store', 'nodes', 'transport', 'localProc', 'shared'], node: true },
  { name: 'appVersion',     path: 'src/main/appVersion.ts', layers: ['package.json'] },
  { name: 'serveMain',      path: 'src/main/serveMain.ts',  layers: ['backend', 'bridge', 'store', 'shared'], node: true },
  { name: 'electron entry', path: 'src/main/index.ts',      layers: ['backend', 'electron host', 'store'], node: true, packages: ['electron'] },
  { name: 'electron host',  path: 'src/main/electron',      layers: ['rpc', 'shared'], node: true, packages: ['electron'] },
  { name: 'preload',        path: 'src/preload',            layers: ['shared'], packages: ['electron'] },
  { name: 'renderer',       path: 'src/renderer',           layers: ['shared'], packages: ['react', 'react-dom', 'zustand', 'd3-hierarchy', '@tanstack/react-virtual'] },
  { name: 'types',          path: 'src/types' },
  { name: 'probe scripts',  path: 'resources/probe' },
  { name: 'package.json',   path: 'package.json' },
];

const isFile = (path) => /\.[a-z]+$/.test(path);

/** What a row may import, as allow selectors of boundaries/dependencies. */
function allowedFrom(row) {
  const allow = [{ to: { file: { categories: [row.name, ...(row.layers ?? [])] } } }];
  if (row.typesOf) allow.push({ to: { file: { categories: row.typesOf } }, dependency: { kind: 'type' } });
  if (row.node === true) allow.push({ to: { module: { origin: 'core' } } });
  else if (row.node) allow.push({ to: { module: { origin: 'core', source: row.node.flatMap((m) => [m, `node:${m}`]) } } });
  if (row.packages) allow.push({ to: { module: { origin: 'external', source: row.packages } } });
  return allow;
}

const layerRules = {
  files: ['src/**/*.{ts,tsx,js}'],
  plugins: { boundaries },
  settings: {
    'boundaries/files': layers.map((row) => ({
      category: row.name,
      pattern: isFile(row.path) ? row.path : `${row.path}/**`,
    })),
    // Resolves relative imports to the .ts/.tsx files they name (and packages to node_modules).
    'import/resolver': { typescript: {} },
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        checkAllOrigins: true, // packages and Node modules too, not only our own files
        checkUnknownLocals: true, // a file outside every row is not importable
        message:
          "{{from.file.categories}} may not import '{{dependency.source}}'" +
          '{{#if to.file.categories}} ({{to.file.categories}}){{else}}{{#unless to.module.source}} (found in no layer){{/unless}}{{/if}}' +
          ' as a {{dependency.kind}}: see the layers table in eslint.config.js and docs/architecture.md',
        policies: layers
          .filter((row) => row.path.startsWith('src/'))
          .map((row) => ({ from: { file: { categories: row.name } }, allow: allowedFrom(row) })),
      },
    ],
    'boundaries/no-unknown-files': 'error',
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'native/**', 'bench/.cache/**', '.cache/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  layerRules,
);
