// Intent and result rows for one destructive action. A row that cannot be written is said loudly and
// collected for the result; it never stops the action (a full disk must not block what frees it).
import { userInfo } from 'node:os';
import type { StateStore } from '../../store/stateStore';

/** Who acted: the account running Spoolscope (the operator who confirmed), by name, else by uid. */
export function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for this uid (a container): the uid still says who.
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

export interface AuditTrail {
  write(phase: 'intent' | 'result', detail: unknown): void;
  readonly errors: string[];
  /** For the result: null when every row was written. */
  errorText(): string | null;
}

export function auditTrail(store: StateStore, node: string, action: string, planId: string): AuditTrail {
  const errors: string[] = [];
  const notKept = store.temporaryNotice ? 'the audit log is not kept: the state store is a temporary one this run (the real one could not be opened)' : null;
  if (notKept) {
    // Written all the same (the run's own audit view shows them), but gone when the run ends: say so.
    errors.push(notKept);
    console.error(`spoolscope: AUDIT LOG NOT KEPT (${action} plan ${planId}): the state store is a temporary one this run`);
  }
  return {
    errors,
    write(phase, detail) {
      try {
        // The intent row names who confirmed the action; the audit view shows it beside what was freed.
        const row = phase === 'intent' && detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? { ...detail, user: operatorName() } : detail;
        store.audit.append({ node, action, phase, planId, detail: row });
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        errors.push(`${phase}: ${text}`);
        console.error(`spoolscope: AUDIT LOG NOT WRITTEN (${phase} of ${action} plan ${planId}): ${text}`);
      }
    },
    errorText: () => {
      const failed = errors.filter((e) => e !== notKept);
      const parts = [...(notKept ? [notKept] : []), ...(failed.length ? [`the audit log could not be written (${failed.join('; ')})`] : [])];
      return parts.length ? parts.join('; ') : null;
    },
  };
}
