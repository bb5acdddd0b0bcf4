// The alert thresholds of a node as a real state store keeps them: a row an older version saved (held
// bytes as absolute thresholds) comes back in the relative shape, and saving writes the versioned shape.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { STORE_FILE } from '../../../src/main/store/db';
import { ALERT_CONFIG_VERSION } from '../../../src/main/store/repositories/alertConfig';
import { openStateStore } from '../../../src/main/store/stateStore';
import { makeTempDir } from '../../support/tempDir';

const GiB = 1024 ** 3;
const tmp = makeTempDir('alert-config');
afterAll(() => tmp.cleanup());

describe('alert thresholds in the state store', () => {
  it('reads an old saved row as relative held thresholds, and saves the new shape', () => {
    openStateStore({ dataDir: tmp.dir }).close();
    // What the version before relative thresholds wrote: the whole config, held bytes as absolute bytes.
    const raw = new Database(join(tmp.dir, STORE_FILE));
    const old = { fillWarn: 0.6, fillCritical: 0.9, fillHysteresis: 0.03, timeToFullWarnSeconds: 28800, timeToFullCriticalSeconds: 7200, heldWarnBytes: 3 * GiB, heldCriticalBytes: 30 * GiB, writerRssWarnBytes: 268435456, writerRssCriticalBytes: GiB, notify: true };
    raw.prepare('INSERT INTO alert_config (node, config) VALUES (?, ?)').run('db7', JSON.stringify(old));
    raw.close();

    const store = openStateStore({ dataDir: tmp.dir });
    const watch = store.openWatchConnection();
    const config = watch.alertConfig.get('db7');
    expect(config).toMatchObject({ fillWarn: 0.6, heldWarnShare: 0.05, heldWarnMaxBytes: 3 * GiB, heldCriticalShare: 0.15, heldCriticalMaxBytes: 30 * GiB });
    expect(config).not.toHaveProperty('heldWarnBytes');
    watch.alertConfig.set('db7', { heldWarnShare: 0.1 });
    watch.close();
    store.close();

    const check = new Database(join(tmp.dir, STORE_FILE), { readonly: true });
    const saved = JSON.parse((check.prepare("SELECT config FROM alert_config WHERE node = 'db7'").get() as { config: string }).config);
    check.close();
    expect(saved).toMatchObject({ version: ALERT_CONFIG_VERSION, fillWarn: 0.6, heldWarnShare: 0.1, heldWarnMaxBytes: 3 * GiB, heldCriticalMaxBytes: 30 * GiB });
    expect(saved).not.toHaveProperty('heldWarnBytes');
  });
});
