// The Prometheus… dialog's fields and the source they make: one header per line ("Name: value"), the mapping
// by name, label or pattern; a field the backend would refuse is named here first.
import { PrometheusSourceSchema, type PrometheusSource } from '../../../../shared/prometheusModels';

export interface PromSourceFields {
  url: string;
  bearerTokenFile: string;
  basicAuthFile: string;
  caFile: string;
  headers: string;
  mapKind: 'same' | 'label' | 'pattern';
  mapValue: string;
}

export const EMPTY_PROM_FIELDS: PromSourceFields = { url: '', bearerTokenFile: '', basicAuthFile: '', caFile: '', headers: '', mapKind: 'same', mapValue: '' };

export function fieldsOf(s: PrometheusSource | null): PromSourceFields {
  if (!s) return EMPTY_PROM_FIELDS;
  return {
    url: s.url,
    bearerTokenFile: s.bearerTokenFile ?? '',
    basicAuthFile: s.basicAuthFile ?? '',
    caFile: s.caFile ?? '',
    headers: s.headers.map((h) => `${h.name}: ${h.value}`).join('\n'),
    mapKind: s.mapping.kind,
    mapValue: s.mapping.kind === 'label' ? s.mapping.label : s.mapping.kind === 'pattern' ? s.mapping.pattern : '',
  };
}

export function sourceOf(f: PromSourceFields): { ok: true; source: PrometheusSource } | { ok: false; message: string } {
  const headers = [];
  for (const line of f.headers.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf(':');
    if (i <= 0) return { ok: false, message: `Header "${line}": expected "Name: value"` };
    headers.push({ name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() });
  }
  if (f.bearerTokenFile.trim() && f.basicAuthFile.trim()) return { ok: false, message: 'A bearer token file or a basic auth file, not both: a request carries one Authorization' };
  const path = (p: string) => (p.trim() === '' ? null : p.trim());
  const mapping = f.mapKind === 'label' ? { kind: 'label' as const, label: f.mapValue.trim() } : f.mapKind === 'pattern' ? { kind: 'pattern' as const, pattern: f.mapValue.trim() } : { kind: 'same' as const };
  const r = PrometheusSourceSchema.safeParse({ url: f.url.trim(), bearerTokenFile: path(f.bearerTokenFile), basicAuthFile: path(f.basicAuthFile), caFile: path(f.caFile), headers, mapping });
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = { url: 'URL', headers: 'Headers', mapping: f.mapKind === 'label' ? 'Label' : 'Pattern', bearerTokenFile: 'Bearer token file', basicAuthFile: 'Basic auth file', caFile: 'CA file' }[String(issue.path[0])] ?? String(issue.path[0]);
    return { ok: false, message: `${field}: ${issue.message}` };
  }
  return { ok: true, source: r.data };
}
