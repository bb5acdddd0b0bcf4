// Both change-feed modes skip the same noise (VCS metadata, dependency trees, swap and temp files): the
// polling fallback must not report what inotify would have left out, nor the other way round.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalChangeFeed } from '../../../src/main/services/watch/localChangeFeed';
import { makeTempDir } from '../../support/tempDir';
import { until as waitUntil } from '../../support/until';

const tmp = makeTempDir('change-feed-noise');
afterAll(() => tmp.cleanup());

const until = (what: string, pred: () => boolean, timeoutMs = 10_000) => waitUntil(what, pred, timeoutMs, 20);

const NOISE = ['.git/index', 'node_modules/pkg/out.log', 'app.log.swp', 'app.log.tmp', 'app.log~'];

describe('LocalChangeFeed noise', () => {
  for (const mode of ['inotify', 'polling'] as const) {
    it(`in ${mode} mode reports the log and none of the VCS, dependency, swap or temp files written beside it`, async () => {
      const root = join(tmp.dir, mode);
      mkdirSync(join(root, '.git'), { recursive: true });
      mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
      for (const f of [...NOISE, 'app.log']) writeFileSync(join(root, f), 'a\n');
      const seen = new Set<string>();
      const feed = new LocalChangeFeed({ root, fstype: 'ext4', forcePolling: mode === 'polling', pollIntervalMs: 100, onChange: (p) => seen.add(p) });
      expect(feed.mode).toBe(mode);
      await feed.ready;
      // Noise first in each round, so a feed that reported it would have done so by the time the log shows.
      await until('the log change', () => {
        for (const f of NOISE) appendFileSync(join(root, f), 'more\n');
        appendFileSync(join(root, 'app.log'), 'more\n');
        return seen.has(`${root}/app.log`);
      });
      await feed.close();
      expect([...seen].filter((p) => NOISE.some((f) => p.startsWith(`${root}/${f.split('/')[0]}`)))).toEqual([]);
    });
  }
});
