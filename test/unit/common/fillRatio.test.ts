// The one fill figure, checked against what df itself printed. The lines below are real: a 64 MiB ext4 image
// made with 5% reserved blocks (mkfs.ext4 -m 5), loop-mounted and filled in steps, each df -B1 line taken
// with df's own Use% beside it (device and mount point renamed); and / of a build machine. On such a
// filesystem used / size reads low (the 100% lines are 93% and 98% of the size): df divides by used +
// available, and rounds up.
import { describe, expect, it } from 'vitest';
import { parseDfOutput } from '../../../src/main/core/common/dfRecords';
import { reconcile } from '../../../src/main/core/held/heldReconcile';
import { fillPercent, fillPercentOfRatio, fillRatio, formatFill } from '../../../src/shared/fillRatio';

const HEADER = 'Filesystem     Type  1B-blocks     Used    Avail Inodes IUsed IFree Mounted on';

/** [df -B1 line, the Use% df printed for it]. */
const REAL: [string, number][] = [
  ['/dev/loop0     ext4  57381888 14336 52671488  16384    11 16373 /srv/spool', 1],
  ['/dev/loop0     ext4  57381888 7354368 45331456  16384    12 16372 /srv/spool', 14],
  ['/dev/loop0     ext4  57381888 24131584 28554240  16384    13 16371 /srv/spool', 46],
  ['/dev/loop0     ext4  57381888 37763072 14922752  16384    14 16370 /srv/spool', 72],
  ['/dev/loop0     ext4  57381888 47201280 5484544  16384    15 16369 /srv/spool', 90],
  ['/dev/loop0     ext4  57381888 53493760     0  16384    16 16368 /srv/spool', 100],
  ['/dev/loop0     ext4  57381888 56037376     0  16384    17 16367 /srv/spool', 100],
  ['/dev/vda       ext4 270553174016 24572264448 84372029440 16777216 441649 16335567 /', 23],
];

describe('fill as df computes it', () => {
  it.each(REAL)('gives df\'s Use%% for %s', (line, dfPercent) => {
    const [fs] = parseDfOutput(`${HEADER}\n${line}\n`).filesystems;
    expect(fillPercent(fs.usedBytes, fs.availBytes)).toBe(dfPercent);
    // The ratio the card, the fleet and the alerts carry reads the same percent.
    expect(fs.fillRatio).toBe(fillRatio(fs.usedBytes, fs.availBytes));
    expect(fillPercentOfRatio(fs.fillRatio)).toBe(dfPercent);
  });

  it('is not used / size, which reserved blocks pull down', () => {
    const [root] = parseDfOutput(`${HEADER}\n${REAL[7][0]}\n`).filesystems;
    expect(Math.round((root.usedBytes / root.sizeBytes) * 100)).toBe(9);
    expect(formatFill(fillPercent(root.usedBytes, root.availBytes))).toBe('23%');
    const [full] = parseDfOutput(`${HEADER}\n${REAL[5][0]}\n`).filesystems;
    expect(full.usedBytes / full.sizeBytes).toBeLessThan(0.95);
    expect(full.level).toBe('critical');
  });

  it('rounds up as df does, exactly: 7 of 100 is 7%, 7.001 is 8%, one used byte is 1%', () => {
    expect(fillPercent(7, 93)).toBe(7);
    expect(fillPercentOfRatio(7 / 100)).toBe(7);
    expect(fillPercent(7001, 92_999)).toBe(8);
    expect(fillPercent(1, 2 ** 40)).toBe(1);
    expect(fillPercent(0, 100)).toBe(0);
    expect(fillPercent(0, 0)).toBe(0);
    expect(fillRatio(0, 0)).toBe(0);
  });

  it('gives the reconciliation row the available bytes, so its fill is df\'s', () => {
    const [root] = parseDfOutput(`${HEADER}\n${REAL[7][0]}\n`).filesystems;
    const [row] = reconcile([], new Map([[1, 1000]]), [{ mountId: 1, dev: 1, mountPoint: '/', fstype: 'ext4' }], [root]);
    expect(fillPercent(row.usedBytes, row.availBytes)).toBe(23);
  });
});
