// The root-identity probe (resources/probe/root-identity.sh): a configured root resolved on its node when it
// is added, in the same terms as the reap-facts probe's configured roots ("C" records), so the two compare.
import type { RootIdentity } from '../../../shared/reapModels';

/** What the probe reads on stdin: a marker and the root. */
export function rootIdentityArgs(root: string): string[] {
  return ['spoolscope-root-identity', root];
}

/** "I\t<dev>\t<ino>\t<mount id>\t<physical path>\0"; null for anything else (no such root, a refusal). */
export function parseRootIdentity(out: Buffer): RootIdentity | null {
  const text = out.toString('latin1');
  const m = /^I\t(\d+)\t(\d+)\t(\d+)\t(\/[^\0]*)\0$/.exec(text);
  if (!m) return null;
  return { dev: Number(m[1]), ino: Number(m[2]), mountId: Number(m[3]), path: m[4] };
}
