// Which way this machine's held files are read: in-process (heldProcReader) or by the held probe script.
// The window and serve default to in-process (warmed up once, then faster than the script); the CLI runs
// once and is faster with the script than with a cold reader. SPOOLSCOPE_HELD_READER overrides either way,
// as an operator's way out should the in-process reader ever disagree with the script on some machine.

export type HeldReaderChoice = 'in-process' | 'script';

export const HELD_READER_ENV = 'SPOOLSCOPE_HELD_READER';

export function heldReaderChoice(frontDoor: 'ipc' | 'websocket' | 'cli', env: NodeJS.ProcessEnv): { choice: HeldReaderChoice; warning: string | null } {
  const fallback: HeldReaderChoice = frontDoor === 'cli' ? 'script' : 'in-process';
  const asked = env[HELD_READER_ENV];
  if (asked === undefined || asked === '') return { choice: fallback, warning: null };
  if (asked === 'in-process' || asked === 'script') return { choice: asked, warning: null };
  return { choice: fallback, warning: `${HELD_READER_ENV}=${JSON.stringify(asked).slice(0, 40)} is not "in-process" or "script": using ${fallback}` };
}
