// The fleet table's order: the fullest disk first, held bytes between equally full disks, nodes that
// cannot be seen at least at the warn line, never-refreshed healthy nodes last, ties by name.
import { describe, expect, it } from 'vitest';
import type { Filesystem } from '../../../src/shared/models';
import type { FleetRow, NodeState } from '../../../src/shared/nodeModels';
import { BLIND_RISK, fleetRisk, sortFleetRows, worstFilesystem } from '../../../src/main/core/fleet/fleetRisk';

const GiB = 1024 ** 3;

function row(name: string, state: NodeState, fill: number | null, held: number | null = null): FleetRow {
  const base = { name, state, message: null, worstMount: fill === null ? null : '/', worstFillRatio: fill, heldBytes: held, largestRoot: null, lastRefreshAt: null, refreshing: false };
  return { ...base, risk: fleetRisk(base) };
}

function fs(mount: string, fstype: string, fillRatio: number, sizeBytes = 100 * GiB): Filesystem {
  const used = Math.round(sizeBytes * fillRatio);
  return { mount, source: 'x', fstype, sizeBytes, usedBytes: used, availBytes: sizeBytes - used, inodesTotal: 0, inodesUsed: 0, inodesAvail: 0, fillRatio, level: 'ok' };
}

describe('fleet risk order', () => {
  it('puts the node with the fullest worst filesystem first, whatever its held bytes', () => {
    const rows = [row('a', 'connected', 0.5, 500 * GiB), row('b', 'connected', 0.97, 0), row('c', 'connected', 0.8, 10 * GiB)];
    expect(sortFleetRows(rows).map((r) => r.name)).toEqual(['b', 'c', 'a']);
  });

  it('orders equally full nodes by held bytes, more first', () => {
    const rows = [row('a', 'connected', 0.9, 1 * GiB), row('b', 'connected', 0.9, 124 * GiB), row('c', 'connected', 0.9, null)];
    expect(sortFleetRows(rows).map((r) => r.name)).toEqual(['b', 'a', 'c']);
  });

  it('never lets held bytes outrank a 0.1% fill difference', () => {
    expect(fleetRisk({ state: 'connected', worstFillRatio: 0.901, heldBytes: 0 })).toBeGreaterThan(
      fleetRisk({ state: 'connected', worstFillRatio: 0.9, heldBytes: Number.MAX_SAFE_INTEGER }),
    );
  });

  it('ranks a node that cannot be seen like a disk at the warn line: above healthy nodes, below fuller ones', () => {
    for (const blind of ['unreachable', 'auth_failed', 'hostkey_unknown', 'hostkey_changed', 'passphrase_needed'] as const) {
      const rows = [row('healthy', 'connected', 0.3), row('blind', blind, null), row('full', 'connected', 0.95)];
      expect(sortFleetRows(rows).map((r) => r.name), blind).toEqual(['full', 'blind', 'healthy']);
    }
    expect(fleetRisk({ state: 'unreachable', worstFillRatio: null, heldBytes: null })).toBe(BLIND_RISK);
  });

  it('keeps a blind node at its last known fill when that was worse than the warn line', () => {
    expect(fleetRisk({ state: 'unreachable', worstFillRatio: 0.99, heldBytes: null })).toBeGreaterThan(fleetRisk({ state: 'connected', worstFillRatio: 0.98, heldBytes: null }));
  });

  it('puts nodes with nothing known yet (idle, connecting) below every measured node', () => {
    const rows = [row('idle', 'idle', null), row('empty', 'connected', 0), row('connecting', 'connecting', null)];
    expect(sortFleetRows(rows).map((r) => r.name)).toEqual(['empty', 'connecting', 'idle']);
  });

  it('breaks exact ties by name so the order is stable between refreshes', () => {
    const rows = [row('n3', 'connected', 0.5), row('n1', 'connected', 0.5), row('n2', 'connected', 0.5)];
    expect(sortFleetRows(rows).map((r) => r.name)).toEqual(['n1', 'n2', 'n3']);
    expect(sortFleetRows([...rows].reverse()).map((r) => r.name)).toEqual(['n1', 'n2', 'n3']);
  });
});

describe('worst filesystem', () => {
  it('is the fullest writable one; read-only images (always 100%) and empty mounts do not count', () => {
    const list = [fs('/', 'ext4', 0.42), fs('/snap/core/1', 'squashfs', 1), fs('/var/log', 'xfs', 0.91), fs('/empty', 'tmpfs', 0, 0), fs('/cdrom', 'iso9660', 1)];
    expect(worstFilesystem(list)?.mount).toBe('/var/log');
  });

  it('is null when nothing writable is mounted', () => {
    expect(worstFilesystem([fs('/snap/x', 'squashfs', 1)])).toBeNull();
    expect(worstFilesystem([])).toBeNull();
  });
});
