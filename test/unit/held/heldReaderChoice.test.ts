// Which reader a backend uses for this machine's held files, and the operator's override.
import { describe, expect, it } from 'vitest';
import { heldReaderChoice } from '../../../src/main/localProc/heldReaderChoice';

describe('held reader choice', () => {
  it('reads in-process in the window and serve, with the script in the one-shot CLI', () => {
    expect(heldReaderChoice('ipc', {})).toEqual({ choice: 'in-process', warning: null });
    expect(heldReaderChoice('websocket', {})).toEqual({ choice: 'in-process', warning: null });
    expect(heldReaderChoice('cli', {})).toEqual({ choice: 'script', warning: null });
  });

  it('follows SPOOLSCOPE_HELD_READER either way', () => {
    expect(heldReaderChoice('websocket', { SPOOLSCOPE_HELD_READER: 'script' }).choice).toBe('script');
    expect(heldReaderChoice('cli', { SPOOLSCOPE_HELD_READER: 'in-process' }).choice).toBe('in-process');
  });

  it('keeps the default and says why when the value is not one it knows', () => {
    const r = heldReaderChoice('ipc', { SPOOLSCOPE_HELD_READER: 'fast' });
    expect(r.choice).toBe('in-process');
    expect(r.warning).toBe('SPOOLSCOPE_HELD_READER="fast" is not "in-process" or "script": using in-process');
  });
});
