// The layers table in eslint.config.js really bites: each snippet is linted with the repo's own config as if
// it were a file in that folder, so a forbidden import must come back as an error and a permitted one clean.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** A lint-clean module that imports `name` from `source` (and re-exports it, so nothing is unused). */
function importing(source: string, name: string, { typeOnly = false } = {}): string {
  const type = typeOnly ? 'type ' : '';
  return `import ${type}{ ${name} } from '${source}';\nexport ${type}{ ${name} };\n`;
}

let eslint: ESLint;

async function lint(filePath: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

beforeAll(() => {
  // One instance for every case: loading the config and the TypeScript parser is most of the cost.
  eslint = new ESLint({ cwd: repoRoot });
});

describe('layers that lint enforces', () => {
  // One forbidden import per rule: [what it proves, virtual file, code, the words the error must contain].
  const forbidden: [string, string, string, string][] = [
    ['core imports no Node I/O', 'src/main/core/scan/layerProbe.ts', importing('node:fs', 'readFileSync'), "core may not import 'node:fs'"],
    ['core imports no Node I/O, prefix or not', 'src/main/core/held/layerProbe.ts', importing('child_process', 'spawn'), "core may not import 'child_process'"],
    ['core does not reach the state store', 'src/main/core/common/layerProbe.ts', importing('../../store/dataDir', 'resolveDataDir'), '(store)'],
    ['core does not reach transport', 'src/main/core/reap/layerProbe.ts', importing('../../transport/transport', 'Transport', { typeOnly: true }), '(transport)'],
    ['core does not reach services', 'src/main/core/watch/layerProbe.ts', importing('../../services/scan/scanJobs', 'ScanJobs'), '(services)'],
    ['core does not use electron', 'src/main/core/layerProbe.ts', importing('electron', 'app'), "core may not import 'electron'"],
    [
      'core is not loaded through require either',
      'src/main/core/layerProbe.js',
      // Like the held worker, a CommonJS script: require is its only import.
      "/* eslint-disable @typescript-eslint/no-require-imports */\nconst fs = require('node:fs');\nmodule.exports = fs;\n",
      "core may not import 'node:fs'",
    ],
    ['shared imports no Node I/O', 'src/shared/layerProbe.ts', importing('node:path', 'join'), "shared may not import 'node:path'"],
    ['shared depends on nothing in main', 'src/shared/layerProbe.ts', importing('../main/rpc/dispatcher', 'Handlers', { typeOnly: true }), '(rpc)'],
    ['shared uses no package but zod', 'src/shared/layerProbe.ts', importing('zustand', 'create'), "shared may not import 'zustand'"],
    ['the renderer imports no Node I/O', 'src/renderer/src/state/layerProbe.ts', importing('node:fs', 'readFileSync'), "renderer may not import 'node:fs'"],
    ['the renderer reaches main only through shared', 'src/renderer/src/api/layerProbe.ts', importing('../../../main/rpc/dispatcher', 'createDispatcher'), '(rpc)'],
    ['the renderer does not import the preload', 'src/renderer/src/layerProbe.ts', importing('../../preload/index', 'api'), '(preload)'],
    ['the renderer does not import electron', 'src/renderer/src/layerProbe.tsx', importing('electron', 'ipcRenderer'), "renderer may not import 'electron'"],
    ['services do not import electron', 'src/main/services/scan/layerProbe.ts', importing('electron', 'app'), "services may not import 'electron'"],
    ['the backend does not import electron', 'src/main/backend.ts', importing('electron', 'app'), "backend may not import 'electron'"],
    ['the WebSocket bridge does not import electron', 'src/main/bridge/layerProbe.ts', importing('electron', 'app'), "bridge may not import 'electron'"],
    ['the CLI does not import electron', 'src/main/cli/layerProbe.ts', importing('electron', 'app'), "cli may not import 'electron'"],
    ['transport does not reach up into services', 'src/main/transport/layerProbe.ts', importing('../services/common/jobIds', 'newJobId'), '(services)'],
    ['the store does not reach nodes', 'src/main/store/layerProbe.ts', importing('../nodes/sshTarget', 'parseSshTarget'), '(nodes)'],
    ['rpc does not reach services', 'src/main/rpc/layerProbe.ts', importing('../services/scan/scanJobs', 'ScanJobs', { typeOnly: true }), '(services)'],
    ['handlers take only types from rpc', 'src/main/handlers/layerProbe.ts', importing('../rpc/dispatcher', 'createDispatcher'), "handlers may not import '../rpc/dispatcher' (rpc) as a value"],
    ['handlers leave I/O to services', 'src/main/handlers/layerProbe.ts', importing('node:fs', 'readFileSync'), "handlers may not import 'node:fs'"],
    ['a package no row lists is refused', 'src/main/store/layerProbe.ts', importing('ssh2', 'Client'), "store may not import 'ssh2'"],
    ['a front door does not import another', 'src/main/bridge/layerProbe.ts', importing('../cli/cliSupport', 'CliError'), '(cli)'],
  ];

  it.each(forbidden)('%s', async (_what, filePath, code, expected) => {
    const messages = await lint(filePath, code);
    expect(messages).toHaveLength(1);
    expect(messages[0].ruleId).toBe('boundaries/dependencies');
    expect(messages[0].message).toContain(expected);
  });

  it('a file in a folder no row covers fails lint until the folder joins the table', async () => {
    const messages = await lint('src/main/elsewhere/layerProbe.ts', 'export const x = 1;\n');
    expect(messages.map((m) => m.ruleId)).toEqual(['boundaries/no-unknown-files']);
  });

  // One permitted import per folder or file, taken from what the code does: these must lint clean.
  const permitted: [string, string, string][] = [
    ['src/shared', 'src/shared/layerProbe.ts', importing('zod', 'z')],
    ['src/main/core', 'src/main/core/scan/layerProbe.ts', importing('../../../shared/models', 'ScanSummary', { typeOnly: true })],
    ['src/main/core (its own files)', 'src/main/core/held/layerProbe.ts', importing('../common/mountInfo', 'parseMountInfo')],
    ['src/main/transport', 'src/main/transport/ssh/layerProbe.ts', importing('ssh2', 'Client')],
    ['src/main/nodes', 'src/main/nodes/layerProbe.ts', importing('../store/dataDir', 'resolveDataDir')],
    ['src/main/probe', 'src/main/probe/layerProbe.ts', "import dfScript from '../../../resources/probe/df.sh?raw';\nexport { dfScript };\n"],
    ['src/main/services', 'src/main/services/fleet/layerProbe.ts', importing('../../nodes/nodeDirectory', 'NodeDirectory', { typeOnly: true })],
    ['src/main/services (the store)', 'src/main/services/common/layerProbe.ts', importing('../../store/dataDir', 'resolveDataDir')],
    ['src/main/services (rpc types)', 'src/main/services/watch/layerProbe.ts', importing('../../rpc/eventHub', 'EventHub', { typeOnly: true })],
    ['src/main/store', 'src/main/store/layerProbe.ts', importing('better-sqlite3', 'Database', { typeOnly: true })],
    ['src/main/rpc', 'src/main/rpc/layerProbe.ts', importing('../../shared/contract', 'contract')],
    ['src/main/handlers', 'src/main/handlers/layerProbe.ts', importing('../services/scan/scanJobs', 'ScanJobs')],
    ['src/main/handlers (rpc types)', 'src/main/handlers/layerProbe.ts', importing('../rpc/dispatcher', 'Handlers', { typeOnly: true })],
    ['src/main/bridge', 'src/main/bridge/layerProbe.ts', importing('ws', 'WebSocketServer')],
    ['src/main/cli', 'src/main/cli/commands/layerProbe.ts', importing('../../backend', 'createBackend')],
    ['src/main/localProc', 'src/main/localProc/layerProbe.ts', importing('node:worker_threads', 'Worker')],
    ['src/main/backend.ts', 'src/main/backend.ts', importing('./rpc/dispatcher', 'createDispatcher')],
    ['src/main/appVersion.ts', 'src/main/appVersion.ts', "import pkg from '../../package.json';\nexport { pkg };\n"],
    ['src/main/serveMain.ts', 'src/main/serveMain.ts', importing('./bridge/wsBridge', 'startWsBridge')],
    ['src/main/index.ts', 'src/main/index.ts', importing('electron', 'app')],
    ['src/main/electron', 'src/main/electron/layerProbe.ts', importing('electron', 'BrowserWindow', { typeOnly: true })],
    ['src/preload', 'src/preload/layerProbe.ts', importing('electron', 'contextBridge')],
    ['src/renderer', 'src/renderer/src/state/layerProbe.ts', importing('../../../shared/contract', 'MethodName', { typeOnly: true })],
    ['src/renderer (its packages)', 'src/renderer/src/layerProbe.tsx', importing('zustand', 'create')],
  ];

  it.each(permitted)('%s may import what its row lists', async (_folder, filePath, code) => {
    expect(await lint(filePath, code)).toEqual([]);
  });
});
