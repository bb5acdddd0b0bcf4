import { describe, expect, it } from 'vitest';
import { processRecord, type ProcessFacts } from '../../../src/main/core/common/processRecords';
import { parseReapFacts } from '../../../src/main/core/reap/reapFacts';
import { parseStoreListing } from '../../../src/main/core/dataStores/storeRecords';

const empty = (): ProcessFacts => ({ comms: new Map(), locks: [], hiddenProcesses: 0, malformed: 0 });

/** Process records as both probes print them, hostile comm included. */
const RECORDS = [
  'H\t3',
  '/proc/locks:1: FLOCK  ADVISORY  WRITE 4242 fd:00:1234 0 EOF\n2: -> FLOCK  ADVISORY  WRITE 77 fd:00:1234 0 EOF\n',
  '/proc/4242/fdinfo/7:pos:\t0\nflags:\t0102001\nmnt_id:\t27\n',
  '/proc/4242/fdinfo/8:pos:\t0\n',
  '/proc/4242/comm:we ird) $(x)\n',
];

describe('process records shared by the reap-facts and data-stores probes', () => {
  it('takes the hidden count, the locks (not their waiters), fdinfo flags and comm names', () => {
    const into = empty();
    const flags = new Map<string, number>();
    for (const rec of RECORDS) expect(processRecord(rec, into, flags)).toBe(true);
    expect(into.hiddenProcesses).toBe(3);
    expect(into.locks).toEqual([{ dev: 0xfd00, ino: 1234, pid: 4242, kind: 'FLOCK' }]);
    expect([...flags]).toEqual([['4242/7', 0o102001]]);
    expect(into.comms.get(4242)).toBe('we ird) $(x)');
    expect(into.malformed).toBe(0);
  });

  it('counts a hidden count that is not a number as malformed and leaves the last good one', () => {
    const into = empty();
    processRecord('H\t5', into, new Map());
    expect(processRecord('H\t-1', into, new Map())).toBe(true);
    expect(into).toMatchObject({ hiddenProcesses: 5, malformed: 1 });
  });

  it('declines any other record, so its reader can take it or count it', () => {
    const into = empty();
    for (const rec of ['F\t1\t2\tf\t0\t0\t1\t0\tx', '/proc/4242/cmdline:sleep', '/proc/x/comm:y', 'H3']) expect(processRecord(rec, into, new Map())).toBe(false);
    expect(into).toEqual(empty());
  });

  it('gives both probes readers the same process facts from the same records', () => {
    const out = Buffer.from(['O\t4242\t7\t0\t1234', ...RECORDS].map((r) => `${r}\0`).join(''), 'latin1');
    const reap = parseReapFacts(out);
    const store = parseStoreListing(out);
    for (const facts of [reap, store]) {
      expect(facts.hiddenProcesses).toBe(3);
      expect(facts.locks).toEqual([{ dev: 0xfd00, ino: 1234, pid: 4242, kind: 'FLOCK' }]);
      expect(facts.comms.get(4242)).toBe('we ird) $(x)');
    }
    expect(reap.openFds[0].flags).toBe(0o102001);
  });
});
