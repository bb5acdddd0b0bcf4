// The node flags the `spoolscope` command starts with, read from its shebang line, so the benches time the CLI
// as `npx spoolscope` runs it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'spoolscope.js');

/** "#!/usr/bin/env -S node --a --b" -> ["--a", "--b"]; [] for a plain "#!/usr/bin/env node". */
export function nodeFlagsOfShebang(firstLine: string): string[] {
  const m = /^#!\/usr\/bin\/env(?: -S)? node((?: --[\w-]+(?:=\S+)?)*)\s*$/.exec(firstLine);
  if (!m) throw new Error(`bin/spoolscope.js: unexpected first line ${JSON.stringify(firstLine)}`);
  return m[1].split(' ').filter(Boolean);
}

export function cliNodeFlags(): string[] {
  return nodeFlagsOfShebang(fs.readFileSync(BIN, 'utf8').split('\n', 1)[0]);
}
