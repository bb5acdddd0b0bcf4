// Saved alert thresholds in their stored JSON: a row from before held-bytes thresholds scaled with the
// filesystem (no version: absolute bytes) comes back in the relative shape, its absolute thresholds as caps.
import { describe, expect, it } from 'vitest';
import { alertConfigFromStored } from '../../../src/main/store/repositories/alertConfig';
import { AlertConfigSchema } from '../../../src/shared/watchModels';

const GiB = 1024 ** 3;
const defaults = AlertConfigSchema.parse({});

describe('stored alert thresholds', () => {
  it('converts a version 1 row: its held-bytes thresholds become the caps, the shares are the defaults, the rest is kept', () => {
    const v1 = { fillWarn: 0.6, fillCritical: 0.9, fillHysteresis: 0.03, timeToFullWarnSeconds: 12 * 3600, timeToFullCriticalSeconds: 7200, heldWarnBytes: 2 * GiB, heldCriticalBytes: 20 * GiB, writerRssWarnBytes: 256 * 1024 ** 2, writerRssCriticalBytes: GiB, notify: false };
    const c = alertConfigFromStored(v1);
    expect(c).toEqual({ ...defaults, fillWarn: 0.6, timeToFullWarnSeconds: 12 * 3600, notify: false, heldWarnShare: 0.05, heldWarnMaxBytes: 2 * GiB, heldCriticalShare: 0.15, heldCriticalMaxBytes: 20 * GiB });
    expect(c).not.toHaveProperty('heldWarnBytes');
    expect(AlertConfigSchema.safeParse(c).success).toBe(true);
  });

  it('a version 1 row with the old defaults comes back as the new defaults', () => {
    // What every saved row held unless someone changed the held thresholds: set() saved the whole config.
    const oldDefaults = { fillWarn: 0.7, fillCritical: 0.9, fillHysteresis: 0.03, timeToFullWarnSeconds: 8 * 3600, timeToFullCriticalSeconds: 2 * 3600, heldWarnBytes: GiB, heldCriticalBytes: 10 * GiB, writerRssWarnBytes: 256 * 1024 ** 2, writerRssCriticalBytes: GiB, notify: true };
    expect(alertConfigFromStored(oldDefaults)).toEqual(defaults);
  });

  it('reads a version 2 row as it is', () => {
    const v2 = { ...defaults, version: 2, heldWarnShare: 0.02, heldWarnMaxBytes: 5 * GiB };
    expect(alertConfigFromStored(v2)).toEqual({ ...defaults, heldWarnShare: 0.02, heldWarnMaxBytes: 5 * GiB });
  });

  it('drops a bad field alone, and anything that is not an object entirely', () => {
    expect(alertConfigFromStored({ version: 2, fillWarn: 7, heldWarnShare: 'lots', fillCritical: 0.95 })).toEqual({ ...defaults, fillCritical: 0.95 });
    expect(alertConfigFromStored({ heldWarnBytes: -1 })).toEqual(defaults);
    for (const junk of [null, 42, 'x', [1, 2]]) expect(alertConfigFromStored(junk)).toEqual(defaults);
  });
});
