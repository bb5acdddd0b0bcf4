// `fleet --prometheus URL ...`: the flags that make a Prometheus source, checked before anything is asked of
// the server (a missing token file is the operator's to fix, not a Prometheus failure).
import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { PrometheusSourceSchema, type PrometheusSource } from '../../../shared/prometheusModels';
import { CliError } from '../cliSupport';

export const PROMETHEUS_FLAG_OPTIONS = {
  prometheus: { type: 'string' },
  'bearer-token-file': { type: 'string' },
  'basic-auth-file': { type: 'string' },
  'ca-file': { type: 'string' },
  header: { type: 'string', multiple: true },
  map: { type: 'string' },
  'map-label': { type: 'string' },
  save: { type: 'boolean', default: false },
} as const;

export interface PrometheusFlagValues {
  prometheus?: string;
  'bearer-token-file'?: string;
  'basic-auth-file'?: string;
  'ca-file'?: string;
  header?: string[];
  map?: string;
  'map-label'?: string;
  save?: boolean;
}

function readableFile(flag: string, path: string | undefined): string | null {
  if (path === undefined) return null;
  const abs = resolve(path);
  try {
    accessSync(abs, constants.R_OK);
  } catch (err) {
    throw new CliError(`--${flag} ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return abs;
}

/** The source the flags describe, or null when --prometheus is absent (then no other Prometheus flag may be). */
export function prometheusSourceFromFlags(v: PrometheusFlagValues): PrometheusSource | null {
  if (v.prometheus === undefined) {
    const stray = (['bearer-token-file', 'basic-auth-file', 'ca-file', 'header', 'map', 'map-label', 'save'] as const).find((k) => v[k] !== undefined && v[k] !== false);
    if (stray) throw new CliError(`--${stray} needs --prometheus URL`);
    return null;
  }
  if (v.map !== undefined && v['map-label'] !== undefined) throw new CliError('--map and --map-label are exclusive: an instance maps one way');
  if (v['bearer-token-file'] !== undefined && v['basic-auth-file'] !== undefined) throw new CliError('--bearer-token-file and --basic-auth-file are exclusive: a request carries one Authorization');
  const headers = (v.header ?? []).map((h) => {
    const i = h.indexOf(':');
    if (i <= 0) throw new CliError(`--header ${JSON.stringify(h)}: expected 'Name: value'`);
    return { name: h.slice(0, i).trim(), value: h.slice(i + 1).trim() };
  });
  const parsed = PrometheusSourceSchema.safeParse({
    url: v.prometheus,
    bearerTokenFile: readableFile('bearer-token-file', v['bearer-token-file']),
    basicAuthFile: readableFile('basic-auth-file', v['basic-auth-file']),
    caFile: readableFile('ca-file', v['ca-file']),
    headers,
    mapping: v.map !== undefined ? { kind: 'pattern', pattern: v.map } : v['map-label'] !== undefined ? { kind: 'label', label: v['map-label'] } : { kind: 'same' },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = { url: '--prometheus', headers: '--header', mapping: v.map !== undefined ? '--map' : '--map-label' }[String(issue.path[0])] ?? `--${String(issue.path[0])}`;
    throw new CliError(`${flag}: ${issue.message}`);
  }
  return parsed.data;
}
