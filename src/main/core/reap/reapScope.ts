// Whether a root may be reaped at all, judged on physical paths: the root and the node's configured roots
// are resolved on the node in the same facts run (reap-facts.sh), and the root must lie inside the physical
// path of a configured root, and must not be / or a system directory itself. The probe makes the same check
// before it lists anything (so a symlink to / never lists the whole disk); this is the judgement the plan
// records, and it refuses on either verdict.
import type { ReapSkipCode } from '../../../shared/reapModels';
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
  code: Extract<ReapSkipCode, 'system-directory' | 'outside-roots'>;
  reason: string;
}

/**
 * Why the root may not be reaped, or null when it may. `configuredRoots` are the node's roots as sent to the
 * probe, in the same order as its "C" records.
 */
export function judgeRootScope(facts: ReapFacts, root: string, node: string, configuredRoots: readonly string[]): ScopeRefusal | null {
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
  const scopes = configuredRoots.map((r, i) => ({ r, dir: facts.configuredRoots[i] ?? null }));
  const inside = scopes.some(({ dir }) => dir !== null && !isSystemDirectory(dir.path) && isInsideRoot(phys, dir.path));
  const probeSays = facts.declined;
  if (inside && probeSays === null) return null;
  if (probeSays === 'system-directory') return systemDirectory;
  const where = scopes
    .map(({ r, dir }) => {
      const name = displayName(rawPath(r));
      if (dir === null) return `${name} (not found)`;
      return dir.path === rawPath(r) ? name : `${name} -> ${displayName(dir.path)}`;
    })
    .join(', ');
  return {
    code: 'outside-roots',
    reason: `${asked}${resolvesTo} is outside the physical path of every configured root of ${node} (${where || 'none'}): nothing is reaped there`,
  };
}
