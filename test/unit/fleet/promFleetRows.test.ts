// The Prometheus fleet source's pure core: node_exporter-shaped answers (as /api/v1/query returns them) made
// into one row per instance, its worst real filesystem, time to full from the fitted rate, up/down/stale, the
// risk order (a disk full in minutes outranks a stable 93%) and the instance → SSH node mapping.
import { describe, expect, it } from 'vitest';
import { instanceHost, mappedName, SshNodeIndex } from '../../../src/main/core/fleet/instanceMapping';
import { mergeWithSshRows, promFleetRows, type PromFleetAnswers, type PromRowsContext } from '../../../src/main/core/fleet/promFleetRows';
import { filesystemQueries, regexQuote, upQueries } from '../../../src/main/core/fleet/promQueries';
import { parseInstantVector, PromAnswerError, type PromSample } from '../../../src/main/core/fleet/promResponse';
import { riskClass } from '../../../src/main/core/fleet/riskOrder';
import { trendLabel } from '../../../src/shared/prometheusModels';
import type { FleetRow } from '../../../src/shared/nodeModels';

const GiB = 1024 ** 3;
const NOW = 1_765_000_000;

interface Fs {
  mount: string;
  fstype?: string;
  size: number;
  avail: number;
  ro?: boolean;
  /** bytes/s of available space (negative while filling) */
  deriv?: number;
}

function answers(nodes: Record<string, { up?: number; fs?: Fs[]; seenFor?: number; extra?: Record<string, string> }>): PromFleetAnswers {
  const a: PromFleetAnswers = { size: [], avail: [], readonly: [], availDeriv: [], up: [], seen: [], seenSpan: [] };
  for (const [instance, n] of Object.entries(nodes)) {
    const base = { instance, job: 'node', ...n.extra };
    if (n.up !== undefined) a.up.push({ labels: { __name__: 'up', ...base }, value: n.up });
    a.seen.push({ labels: { __name__: 'up', ...base }, value: n.up ?? 1 });
    // As the offset probes answer: the longest probe the instance was present at; none under 15 min.
    const seenFor = n.seenFor ?? 6 * 3600;
    if (seenFor >= 900) a.seenSpan.push({ labels: { instance, job: 'node' }, value: seenFor });
    for (const f of n.fs ?? []) {
      const l = { ...base, device: `/dev/${f.mount.replace(/\//g, '_')}`, fstype: f.fstype ?? 'ext4', mountpoint: f.mount };
      a.size.push({ labels: { __name__: 'node_filesystem_size_bytes', ...l }, value: f.size });
      a.avail.push({ labels: { __name__: 'node_filesystem_avail_bytes', ...l }, value: f.avail });
      a.readonly.push({ labels: { __name__: 'node_filesystem_readonly', ...l }, value: f.ro ? 1 : 0 });
      if (f.deriv !== undefined) a.availDeriv.push({ labels: l, value: f.deriv });
    }
  }
  return a;
}

const ctx = (over: Partial<PromRowsContext> = {}): PromRowsContext => ({
  windowSeconds: 6 * 3600,
  mapping: { kind: 'same' },
  ssh: new SshNodeIndex([]),
  sshStates: new Map(),
  ...over,
});

describe('prometheus fleet rows', () => {
  it('ranks a disk full in minutes above a stable 93% and both above a slow 75%', () => {
    const rows = promFleetRows(
      answers({
        'stable93:9100': { up: 1, fs: [{ mount: '/', size: 100 * GiB, avail: 7 * GiB, deriv: 0 }] },
        'fast:9100': { up: 1, fs: [{ mount: '/var/log', size: 100 * GiB, avail: 60 * GiB, deriv: -(60 * GiB) / 1800 }] },
        'slow75:9100': { up: 1, fs: [{ mount: '/', size: 100 * GiB, avail: 25 * GiB, deriv: -(25 * GiB) / (30 * 86400) }] },
        'calm:9100': { up: 1, fs: [{ mount: '/', size: 100 * GiB, avail: 80 * GiB, deriv: 100 }] },
      }),
      ctx(),
    );
    expect(rows.map((r) => [r.name, r.riskClass])).toEqual([
      ['fast', 'critical'],
      ['stable93', 'critical'],
      ['slow75', 'warning'],
      ['calm', 'ok'],
    ]);
    expect(rows[0].secondsToFull).toBeCloseTo(1800, 0);
    expect(rows[0].trendWindowSeconds).toBe(6 * 3600);
    expect(rows[1].secondsToFull).toBeNull();
    expect(rows[3].secondsToFull).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].risk).toBeGreaterThan(rows[i].risk);
  });

  it("takes each instance's worst real filesystem: read-only, pseudo and empty ones are left out", () => {
    const [row] = promFleetRows(
      answers({
        'web-1:9100': {
          up: 1,
          fs: [
            { mount: '/', size: 50 * GiB, avail: 40 * GiB },
            { mount: '/snap/core/1', fstype: 'squashfs', size: GiB, avail: 0 },
            { mount: '/mnt/ro', size: 10 * GiB, avail: 0, ro: true },
            { mount: '/run/user/0', fstype: 'tmpfs', size: GiB, avail: GiB / 2 },
            { mount: '/sys/fs/cgroup', fstype: 'cgroup2', size: 0, avail: 0 },
            { mount: '/var/lib/docker/overlay2/x/merged', fstype: 'overlay', size: 50 * GiB, avail: 0 },
            { mount: '/data', size: 200 * GiB, avail: 60 * GiB, deriv: -1 },
          ],
        },
      }),
      ctx(),
    );
    expect(row.worstMount).toBe('/data');
    expect(row.worstFillRatio).toBeCloseTo(0.7, 5);
  });

  it('picks the filesystem that fills first over a fuller stable one on the same instance', () => {
    const [row] = promFleetRows(
      answers({ 'db:9100': { up: 1, fs: [{ mount: '/', size: 100 * GiB, avail: 8 * GiB, deriv: 0 }, { mount: '/var', size: 100 * GiB, avail: 50 * GiB, deriv: -(50 * GiB) / 3600 }] } }),
      ctx(),
    );
    expect(row.worstMount).toBe('/var');
    expect(row.secondsToFull).toBeCloseTo(3600, 0);
  });

  it('gives down (up 0) and stale (seen in the window, no sample now) instances their own state, at least a warning', () => {
    const rows = promFleetRows(
      answers({
        'ok:9100': { up: 1, fs: [{ mount: '/', size: 100, avail: 90 }] },
        'down:9100': { up: 0 },
        'gone:9100': {},
      }),
      ctx(),
    );
    const by = new Map(rows.map((r) => [r.name, r]));
    expect(by.get('down')!.state).toBe('down');
    expect(by.get('gone')!.state).toBe('stale');
    expect(by.get('ok')!.state).toBe('up');
    expect(by.get('down')!.riskClass).toBe('warning');
    expect(by.get('gone')!.riskClass).toBe('warning');
    expect(by.get('gone')!.worstFillRatio).toBeNull();
    expect(rows.at(-1)!.name).toBe('ok');
  });

  it('fits over less than the window for a new instance, and gives no forecast with under 15 minutes of data', () => {
    const rows = promFleetRows(
      answers({
        'new:9100': { up: 1, seenFor: 2 * 3600, fs: [{ mount: '/', size: 100, avail: 50, deriv: -0.001 }] },
        'newest:9100': { up: 1, seenFor: 300, fs: [{ mount: '/', size: 100, avail: 50, deriv: -1 }] },
      }),
      ctx(),
    );
    const by = new Map(rows.map((r) => [r.name, r]));
    expect(by.get('new')!.trendWindowSeconds).toBe(2 * 3600);
    expect(trendLabel(by.get('new')!.trendWindowSeconds!)).toBe('2 h trend');
    expect(by.get('newest')!.secondsToFull).toBeNull();
    expect(by.get('newest')!.trendWindowSeconds).toBeNull();
    expect(trendLabel(6 * 3600)).toBe('6 h trend');
    expect(trendLabel(45 * 60)).toBe('45 min trend');
  });

  it('maps instances to saved SSH nodes by name, by label, or by a user@{host} pattern', () => {
    const ssh = new SshNodeIndex([
      { name: 'web-1', user: 'root', host: '10.0.0.1' },
      { name: 'db', user: 'root', host: 'db.internal' },
      { name: 'local', user: null, host: null },
    ]);
    const sshStates = new Map([['web-1', 'idle' as const], ['db', 'connected' as const]]);
    const a = answers({
      'web-1:9100': { up: 1, fs: [{ mount: '/', size: 10, avail: 5 }], extra: { nodename: 'web-1' } },
      'db.internal:9100': { up: 1, fs: [{ mount: '/', size: 10, avail: 5 }], extra: { nodename: 'dbhost' } },
      '[2001:db8::7]:9100': { up: 1, fs: [{ mount: '/', size: 10, avail: 5 }] },
    });
    const same = new Map(promFleetRows(a, ctx({ ssh, sshStates })).map((r) => [r.instance, r]));
    expect(same.get('web-1:9100')!.sshState).toBe('idle');
    expect(same.get('db.internal:9100')!.name).toBe('db'); // by the node's host
    expect(same.get('[2001:db8::7]:9100')!.name).toBe('2001:db8::7');
    expect(same.get('[2001:db8::7]:9100')!.sshState).toBeNull();

    const byLabel = new Map(promFleetRows(a, ctx({ ssh, sshStates, mapping: { kind: 'label', label: 'nodename' } })).map((r) => [r.instance, r]));
    expect(byLabel.get('db.internal:9100')!.name).toBe('dbhost');
    expect(byLabel.get('db.internal:9100')!.sshState).toBeNull();
    expect(byLabel.get('web-1:9100')!.sshState).toBe('idle');

    const byPattern = new Map(promFleetRows(a, ctx({ ssh, sshStates, mapping: { kind: 'pattern', pattern: 'root@{host}' } })).map((r) => [r.instance, r]));
    expect(byPattern.get('db.internal:9100')!.name).toBe('db');
    expect(byPattern.get('db.internal:9100')!.sshState).toBe('connected');
    expect(mappedName({ kind: 'pattern', pattern: 'ops@{host}.example' }, 'a:1', {})).toBe('ops@a.example');
    expect(instanceHost('host-without-port')).toBe('host-without-port');
  });

  it('adds the saved SSH nodes no instance covers, ranked by fill alone among the rows of their class', () => {
    const prom = promFleetRows(
      answers({
        'a:9100': { up: 1, fs: [{ mount: '/', size: 100, avail: 20, deriv: -20 / (5 * 3600) }] },
        'b:9100': { up: 1, fs: [{ mount: '/', size: 100, avail: 50 }] },
      }),
      ctx(),
    );
    const ssh = (name: string, state: FleetRow['state'], fill: number | null): FleetRow => ({ name, state, message: null, worstMount: '/', worstFillRatio: fill, heldBytes: null, largestRoot: null, lastRefreshAt: null, refreshing: false, risk: 0 });
    const rows = mergeWithSshRows(prom, [ssh('a', 'idle', null), ssh('full', 'connected', 0.95), ssh('mid', 'connected', 0.85), ssh('off', 'unreachable', null)]);
    expect(rows.map((r) => `${r.name}/${r.source}`)).toEqual(['full/ssh', 'a/prometheus', 'mid/ssh', 'off/ssh', 'b/prometheus']);
    expect(riskClass(0.5, null)).toBe('ok');
  });
});

describe('prometheus queries', () => {
  it('are a handful for the whole fleet, filtering pseudo filesystems, with the window in the fit', () => {
    const q = filesystemQueries(6 * 3600);
    expect(q.availDeriv).toBe(`deriv(${q.avail}[21600s])`);
    expect(q.size).toContain('fstype!~"');
    expect(q.size).toContain('|tracefs|');
    const u = upQueries(['node', 'node.v2(a)'])!;
    expect(u.up).toBe('up{job=~"node|node\\\\.v2\\\\(a\\\\)"}');
    expect(u.seen).toBe(`last_over_time(${u.up}[21600s])`);
    expect(u.seenSpan).toBe(
      [[21600, 20700], [14400, 14400], [7200, 7200], [3600, 3600], [1800, 1800], [900, 900]].map(([v, o]) => `${v} * group by (job, instance) (${u.up} offset ${o}s)`).join(' or '),
    );
    expect(upQueries(['node'], 3600)!.seenSpan.split(' or ')).toHaveLength(3);
    expect(upQueries([])).toBeNull();
    expect(regexQuote('a"b')).toBe('a"b');
  });
});

describe('prometheus answers', () => {
  const ok = (result: unknown) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });

  it('reads an instant vector with its labels and special values', () => {
    const s: PromSample[] = parseInstantVector(ok([{ metric: { instance: 'a:9100', job: 'node' }, value: [NOW, '1'] }, { metric: { instance: 'b' }, value: [NOW, '-Inf'] }, { metric: {}, value: [NOW, 'NaN'] }]), 'up');
    expect(s[0]).toEqual({ labels: { instance: 'a:9100', job: 'node' }, value: 1 });
    expect(s[1].value).toBe(-Infinity);
    expect(Number.isNaN(s[2].value)).toBe(true);
  });

  it('refuses malformed JSON, an HTML page, an API error, a matrix and malformed series with a sentence', () => {
    expect(() => parseInstantVector('{"status":"succ', 'up')).toThrow(/malformed JSON/);
    expect(() => parseInstantVector('<html><body>Sign in</body></html>', 'up')).toThrow(/HTML page/);
    expect(() => parseInstantVector('', 'up')).toThrow(/empty body/);
    expect(() => parseInstantVector(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 3' }), 'up')).toThrow('Prometheus refused up: bad_data: parse error at char 3');
    expect(() => parseInstantVector(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }), 'up')).toThrow(/not an instant vector/);
    expect(() => parseInstantVector(ok([{ metric: { a: 1 }, value: [0, '1'] }]), 'up')).toThrow(PromAnswerError);
    expect(() => parseInstantVector(ok([{ metric: {}, value: [0, 'abc'] }]), 'up')).toThrow(/no number/);
    expect(() => parseInstantVector('[]', 'up')).toThrow(/no API answer/);
  });
});
