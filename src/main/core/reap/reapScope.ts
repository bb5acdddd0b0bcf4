// Whether a root may be reaped at all, judged on physical paths: the root and the node's configured roots
// are resolved on the node in the same facts run (reap-facts.sh), and the root must lie inside the physical
// path of a configured root, and must not be / or a system directory itself. The probe makes the same check
// before it lists anything (so a symlink to / never lists the whole disk); this is the judgement the plan
// records, and it refuses on either verdict. Before that, each configured root is compared with the identity
// recorded when it was configured: one that changed grants nothing, and refuses a root it holds.
import type { ReapSkipCode, RootIdentity } from '../../../shared/reapModels';
import { displayName } from '../common/displayName';
import { isInsideRoot } from '../common/rootScope';
import type { ReapFacts } from './reapFacts';

/** / and the directories the system lives in, themselves: /var/log or /var/lib/docker below them stay allowed. */
export function isSystemDirectory(path: string): boolean {
  if (['/', '/bin', '/boot', '/dev', '/etc', '/proc', '/run', '/sbin', '/sys', '/usr', '/var'].includes(path)) return true;
  return /^\/lib[^/]*$/.test(path);
}

/** A path given as text (a configured root) as the raw bytes the probe got for it, one latin1 char per byte. */
export function rawPath(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

export interface ScopeRefusal {
  code: Extract<ReapSkipCode, 'system-directory' | 'outside-roots' | 'root-changed'>;
  reason: string;
}

export interface RootIdentityJudgement {
  /** 'root-changed' when a configured root holding the root is not the directory recorded for it. */
  refusal: ScopeRefusal | null;
  /** Configured roots (by index) that changed since recorded: they grant no scope, to this root or any. */
  changed: ReadonlySet<number>;
  /**
   * Configured roots holding the root with no identity recorded yet (the default /var/log, roots added by
   * an older version or while absent), as resolved in this run: the plan records them (trust on first use).
   */
  firstSeen: { root: string; identity: RootIdentity }[];
}

/** What differs between the recorded identity and the one resolved now, for people; empty when nothing. */
function identityChanges(was: RootIdentity, now: RootIdentity | null): string[] {
  if (now === null) return ['it cannot be resolved now (gone, not a directory, or unreadable)'];
  const out: string[] = [];
  if (now.path !== was.path) out.push(`its physical path was ${displayName(was.path)}, now ${displayName(now.path)}`);
  if (now.dev !== was.dev) out.push(`its device was ${was.dev}, now ${now.dev}`);
  if (now.ino !== was.ino) out.push(`its inode was ${was.ino}, now ${now.ino} (another directory)`);
  if (now.mountId !== was.mountId) out.push(`its mount id was ${was.mountId}, now ${now.mountId} (mounted over, or remounted)`);
  return out;
}

/**
 * Each configured root, resolved in this facts run, against the identity recorded for it (`recorded`, in
 * the order of `configuredRoots`; null where none is recorded). Refuses when a configured root holding
 * `root` changed; acceptance is removing that root and adding it again, which records it as it is now.
 */
export function judgeRootIdentities(facts: ReapFacts, root: string, configuredRoots: readonly string[], recorded: readonly (RootIdentity | null)[]): RootIdentityJudgement {
  const changed = new Set<number>();
  const firstSeen: RootIdentityJudgement['firstSeen'] = [];
  const reasons: string[] = [];
  configuredRoots.forEach((r, i) => {
    const now = facts.configuredRoots[i] ?? null;
    const was = recorded[i] ?? null;
    const holds = isInsideRoot(root, r);
    if (was === null) {
      if (holds && now !== null) firstSeen.push({ root: r, identity: { path: now.path, dev: now.dev, ino: now.ino, mountId: now.mountId } });
      return;
    }
    const changes = identityChanges(was, now);
    if (changes.length === 0) return;
    changed.add(i);
    if (holds) {
      const name = displayName(rawPath(r));
      reasons.push(
        `the configured root ${name} is not the directory it was when configured: ${changes.join('; ')}. Nothing is reaped under it. ` +
          `If the change is intended, remove the root and add it again, which records it as it is now (the window's root list, or spoolscope plan ${name} --re-add-root)`,
      );
    }
  });
  return { refusal: reasons.length > 0 ? { code: 'root-changed', reason: reasons.join(' ') } : null, changed, firstSeen: reasons.length > 0 ? [] : firstSeen };
}

/**
 * Why the root may not be reaped, or null when it may. `configuredRoots` are the node's roots as sent to the
 * probe, in the same order as its "C" records.
 */
export function judgeRootScope(facts: ReapFacts, root: string, node: string, configuredRoots: readonly string[], changed: ReadonlySet<number> = new Set()): ScopeRefusal | null {
  if (!facts.root) return { code: 'outside-roots', reason: 'the root could not be resolved on the node: nothing is reaped' };
  const phys = facts.root.path;
  const asked = displayName(rawPath(root));
  const resolvesTo = phys === rawPath(root) ? '' : ` (it resolves to ${displayName(phys)})`;
  const systemDirectory: ScopeRefusal = {
    code: 'system-directory',
    reason: `${asked}${resolvesTo} is / or a system directory itself: never reaped; configure the log directory below it`,
  };
  if (isSystemDirectory(phys)) return systemDirectory;
  // A configured root resolving to / or a system directory (a directory replaced by a symlink?) grants nothing.
  // So does one that changed since it was configured.
  const scopes = configuredRoots.map((r, i) => ({ r, dir: changed.has(i) ? null : (facts.configuredRoots[i] ?? null), stale: changed.has(i) }));
  const inside = scopes.some(({ dir }) => dir !== null && !isSystemDirectory(dir.path) && isInsideRoot(phys, dir.path));
  const probeSays = facts.declined;
  if (inside && probeSays === null) return null;
  if (probeSays === 'system-directory') return systemDirectory;
  const where = scopes
    .map(({ r, dir, stale }) => {
      const name = displayName(rawPath(r));
      if (stale) return `${name} (changed since configured)`;
      if (dir === null) return `${name} (not found)`;
      return dir.path === rawPath(r) ? name : `${name} -> ${displayName(dir.path)}`;
    })
    .join(', ');
  return {
    code: 'outside-roots',
    reason: `${asked}${resolvesTo} is outside the physical path of every configured root of ${node} (${where || 'none'}): nothing is reaped there`,
  };
}
