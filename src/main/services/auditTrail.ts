// Intent and result rows for one destructive action. A row that cannot be written is said loudly and
// collected for the result; it never stops the action (a full disk must not block what frees it).
import type { StateStore } from '../store/stateStore';

export interface AuditTrail {
  write(phase: 'intent' | 'result', detail: unknown): void;
  readonly errors: string[];
  /** For the result: null when every row was written. */
  errorText(): string | null;
}

export function auditTrail(store: StateStore, node: string, action: string, planId: string): AuditTrail {
  const errors: string[] = [];
  return {
    errors,
    write(phase, detail) {
      try {
        store.appendAudit({ node, action, phase, planId, detail });
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        errors.push(`${phase}: ${text}`);
        console.error(`spoolscope: AUDIT LOG NOT WRITTEN (${phase} of ${action} plan ${planId}): ${text}`);
      }
    },
    errorText: () => (errors.length ? `the audit log could not be written (${errors.join('; ')})` : null),
  };
}
