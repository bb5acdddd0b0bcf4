// The df probe's output when it is given roots: the listing, then what `df ROOT` says per root, so each root
// is tied to the mount df names for it (a bind mount the listing leaves out included).
import { describe, expect, it } from 'vitest';
import { DF_ROOT_MARKER, parseDfProbe } from '../../../src/main/core/common/dfRecords';

const HEADER = 'Filesystem     Type  1B-blocks     Used    Avail Inodes IUsed IFree Mounted on';
const ROOT_FS = '/dev/vda       ext4 270553174016 24572264448 84372029440 16777216 441649 16335567 /';

describe('the df probe with roots', () => {
  const listing = `${HEADER}\n${ROOT_FS}\n`;
  const bind = '/dev/loop0     ext4  57381888 7354368 45331456  16384    12 16372 /srv/bind\\040mount';

  it('names the mount df gives each root, in order, null where df could not stat it', () => {
    const text = `${listing}${DF_ROOT_MARKER}\n${HEADER}\n${ROOT_FS}\n${DF_ROOT_MARKER}\n${DF_ROOT_MARKER}\n${HEADER}\n${bind}\n`;
    const r = parseDfProbe(text, 3);
    expect(r.filesystems.map((f) => f.mount)).toEqual(['/']);
    expect(r.malformed).toBe(0);
    expect(r.rootFilesystems.map((f) => f?.mount ?? null)).toEqual(['/', null, '/srv/bind mount']);
  });

  it('answers null for roots whose part of the output was cut off by a limit', () => {
    const r = parseDfProbe(`${listing}${DF_ROOT_MARKER}\n${HEADER}\n`, 2);
    expect(r.rootFilesystems).toEqual([null, null]);
  });

  it('reads the listing alone when no root was given', () => {
    expect(parseDfProbe(listing, 0)).toMatchObject({ filesystems: [{ mount: '/' }], rootFilesystems: [], malformed: 0 });
  });
});
