// `plan --partition` naming an age bucket as `scan --json` prints it ("wal/[segments 2026-11-05]"). A bucket
// pick needs a scan (which partitions it listed one by one, and so are no bucket's), and the CLI has none in
// hand: it scans the root first, as the window picks on the scan on screen, and checks each bucket pick
// against that scan before planning. A name it cannot read, or one no bucket of the scan covers, is refused
// in one line that says what to pick instead; never guessed at, this being a plan to delete files.
import { looksLikeBucketPath, parseBucketPath } from '../../shared/bucketLabel';
import type { PartitionBucket } from '../../shared/models';
import { escapeInvisible } from '../../shared/invisibleText';

/** A pick as the planner reads it: no leading "./", no trailing "/". */
export function cleanPick(pick: string): string {
  return pick.replace(/^\.\/+/, '').replace(/\/+$/, '');
}

/** The picks that name age buckets (shaped like one, readable or not): these need a scan. */
export function bucketPicks(picks: readonly string[]): string[] {
  return picks.filter((p) => looksLikeBucketPath(cleanPick(p)));
}

/** A name quoted for one line: control characters as JSON escapes, other invisible ones escaped too. */
const quoted = (s: string) => escapeInvisible(JSON.stringify(s));

const labelOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

const scanAgain = (root: string) => `run spoolscope scan ${escapeInvisible(root)} --json and copy a path from its partitions[]`;

/** The first pick shaped like a bucket whose name no bucket can have (one line), or null: no scan can help it. */
export function unreadableBucketPick(picks: readonly string[], root: string): string | null {
  const bad = picks.find((p) => !parseBucketPath(cleanPick(p)));
  return bad === undefined ? null : `plan: --partition ${quoted(bad)} is shaped like an age bucket but names none (DIR/[KIND DATE], e.g. wal/[segments 2026-11-05]): ${scanAgain(root)}`;
}

/**
 * Why a bucket pick cannot be planned on this scan (one line), or null when every one is covered by a bucket
 * of the scan: the same directory and kind and a range overlapping its own (ranges are nested, so a pick of a
 * bucket that has aged into a wider one since is still its partitions).
 */
export function bucketPickProblem(picks: readonly string[], buckets: ReadonlyMap<string, PartitionBucket>, root: string): string | null {
  const unreadable = unreadableBucketPick(picks, root);
  if (unreadable) return unreadable;
  for (const pick of picks) {
    const clean = cleanPick(pick);
    const want = parseBucketPath(clean)!;
    let covered = false;
    for (const b of buckets.values()) if (b.dir === want.dir && b.memberKind === want.memberKind && b.from < want.to && want.from < b.to) covered = true;
    if (covered) continue;
    // The same name in other directories: the pick left out (or mistyped) its directory.
    const elsewhere = [...buckets.keys()].filter((path) => labelOf(path) === labelOf(clean)).sort();
    if (elsewhere.length > 0) {
      const holders = elsewhere.length === 1 ? 'another directory holds' : `${elsewhere.length} other directories hold`;
      const paths = elsewhere.length === 1 ? quoted(elsewhere[0]) : `one of ${elsewhere.slice(0, 3).map(quoted).join(', ')}${elsewhere.length > 3 ? ', ...' : ''}`;
      return `plan: --partition ${quoted(pick)} names no age bucket under ${escapeInvisible(root)}, but ${holders} one of that name: give its whole path as scan --json prints it, ${paths}`;
    }
    return `plan: no age bucket ${quoted(pick)} under ${escapeInvisible(root)} now (its partitions are gone, written to since, or each listed one by one): ${scanAgain(root)}`;
  }
  return null;
}
