// Which saved SSH node a Prometheus instance is: the same name (the instance without its port), the value of
// one of its labels, or a pattern such as `root@{host}` matched against the nodes' user@host.
import type { InstanceMapping } from '../../../shared/prometheusModels';

export interface SshNodeRef {
  name: string;
  /** Null for this machine. */
  user: string | null;
  host: string | null;
}

/** `host:9100` → `host`, `[2001:db8::1]:9100` → `2001:db8::1`; an instance with no port is kept whole. */
export function instanceHost(instance: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (v6) return v6[1];
  const m = /^([^:]+):\d+$/.exec(instance);
  return m ? m[1] : instance;
}

/** The text a mapping makes of an instance; null when its label is missing. */
export function mappedName(mapping: InstanceMapping, instance: string, labels: Readonly<Record<string, string>>): string | null {
  const host = instanceHost(instance);
  switch (mapping.kind) {
    case 'same':
      return host;
    case 'label': {
      const v = labels[mapping.label];
      return v === undefined || v === '' ? null : v;
    }
    case 'pattern':
      return mapping.pattern.split('{host}').join(host);
  }
}

/** Looks mapped names up among the saved nodes: by name, then user@host, then host. */
export class SshNodeIndex {
  private readonly byKey = new Map<string, string>();

  constructor(nodes: readonly SshNodeRef[]) {
    // Later keys never override earlier ones: a node's own name wins over another node's host.
    const add = (k: string | null, name: string) => {
      if (k !== null && !this.byKey.has(k)) this.byKey.set(k, name);
    };
    for (const n of nodes) add(n.name, n.name);
    for (const n of nodes) if (n.user && n.host) add(`${n.user}@${n.host}`, n.name);
    for (const n of nodes) add(n.host, n.name);
  }

  find(mapped: string | null): string | null {
    return mapped === null ? null : (this.byKey.get(mapped) ?? null);
  }
}
