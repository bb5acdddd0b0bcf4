// Instant queries to a Prometheus server's HTTP API, as the fleet source is set: bearer token or basic auth
// read from their files at each use (never stored), a custom CA, extra headers. Bounded: one deadline for
// the whole answer, at most MAX_ANSWER_BYTES of it (after gzip), and every failure a sentence naming the
// server and what to check (unreachable, refused credentials, too slow, an answer that is no answer).
import { readFile } from 'node:fs/promises';
import type { PrometheusSource } from '../../../shared/prometheusModels';
import { parseInstantVector, type PromSample } from '../../core/fleet/promResponse';

/** 10,000 instances × a few filesystems is ~20 MB of JSON: room for that, not for a runaway proxy. */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
export const DEFAULT_QUERY_TIMEOUT_MS = 8_000;
/** A secret file holds a token or a user:password line, not a document. */
const MAX_SECRET_BYTES = 64 * 1024;

export class PrometheusError extends Error {}

export interface PrometheusClientOptions {
  /** For the whole of one query: connect, wait, read. */
  timeoutMs?: number;
  maxAnswerBytes?: number;
}

export interface PrometheusClient {
  /** The instant vector `query` evaluates to at `timeSeconds`. */
  query(query: string, timeSeconds: number, what: string): Promise<PromSample[]>;
}

async function readSecret(path: string, what: string): Promise<string> {
  let text: string;
  try {
    const buf = await readFile(path);
    if (buf.length > MAX_SECRET_BYTES) throw new PrometheusError(`the ${what} file ${path} is larger than ${MAX_SECRET_BYTES} bytes`);
    text = buf.toString('utf8');
  } catch (err) {
    if (err instanceof PrometheusError) throw err;
    throw new PrometheusError(`cannot read the ${what} file ${path}: ${(err as Error).message}`);
  }
  const line = text.split(/\r?\n/)[0].trim();
  if (line === '') throw new PrometheusError(`the ${what} file ${path} is empty`);
  return line;
}

/** The headers every query sends; secrets read now, so a rotated token file is picked up. */
async function requestHeaders(source: PrometheusSource): Promise<Record<string, string>> {
  const h: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip' };
  for (const { name, value } of source.headers) h[name.toLowerCase()] = value;
  if (source.bearerTokenFile) h.authorization = `Bearer ${await readSecret(source.bearerTokenFile, 'bearer token')}`;
  if (source.basicAuthFile) {
    const pair = await readSecret(source.basicAuthFile, 'basic auth');
    if (!pair.includes(':')) throw new PrometheusError(`the basic auth file ${source.basicAuthFile} holds no user:password line`);
    h.authorization = `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
  }
  return h;
}

/** `base` may carry a path prefix (https://host/prometheus/): the API is below it. */
export function apiUrl(base: string, query: string, timeSeconds: number): URL {
  const u = new URL(base);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/api/v1/query`;
  u.search = new URLSearchParams({ query, time: String(timeSeconds) }).toString();
  u.hash = '';
  return u;
}

export function createPrometheusClient(source: PrometheusSource, opts: PrometheusClientOptions = {}): PrometheusClient {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const maxBytes = opts.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  let ca: Promise<Buffer | undefined> | null = null;
  const readCa = () =>
    (ca ??= source.caFile
      ? readFile(source.caFile).catch((err: Error) => {
          throw new PrometheusError(`cannot read the CA file ${source.caFile}: ${err.message}`);
        })
      : Promise.resolve(undefined));
  const where = `Prometheus at ${source.url}`;

  return {
    async query(query, timeSeconds, what) {
      const headers = await requestHeaders(source);
      const caBuf = await readCa();
      const url = apiUrl(source.url, query, timeSeconds);
      // Loaded here, not at start-up: the CLI's other commands never speak HTTP (http, https and tls cost ~10 ms).
      const [{ default: http }, { default: https }, { createGunzip }] = await Promise.all([import('node:http'), import('node:https'), import('node:zlib')]);
      const body = await new Promise<string>((resolve, reject) => {
        const mod = url.protocol === 'https:' ? https : http;
        let settled = false;
        const fail = (e: Error) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          req.destroy();
          reject(e);
        };
        const timer = setTimeout(() => fail(new PrometheusError(`${where} did not answer ${what} within ${timeoutMs / 1000} s: is it overloaded, or the URL wrong?`)), timeoutMs);
        const req = mod.request(url, { method: 'GET', headers, ...(caBuf ? { ca: caBuf } : {}) }, (res) => {
          const status = res.statusCode ?? 0;
          if (status === 401 || status === 403) {
            res.resume();
            const how = source.bearerTokenFile ? 'the bearer token file' : source.basicAuthFile ? 'the basic auth file' : 'credentials (--bearer-token-file or --basic-auth-file)';
            fail(new PrometheusError(`${where} refused the request (HTTP ${status}): check ${how}`));
            return;
          }
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > maxBytes) {
            res.resume();
            fail(new PrometheusError(`${where} answered ${what} with ${declared} bytes, more than the ${maxBytes} allowed`));
            return;
          }
          const stream = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res;
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) fail(new PrometheusError(`${where} answered ${what} with more than the ${maxBytes} bytes allowed`));
            else chunks.push(c);
          });
          stream.on('error', (e: Error) => fail(new PrometheusError(`${where} sent a broken answer to ${what}: ${e.message}`)));
          stream.on('end', () => {
            if (settled) return;
            const text = Buffer.concat(chunks).toString('utf8');
            // The API answers a bad query with 400/422 and a JSON error, which the parser turns into a sentence.
            if ((status >= 200 && status < 300) || ((status === 400 || status === 422 || status === 503) && isApiError(text))) {
              settled = true;
              clearTimeout(timer);
              resolve(text);
            } else {
              fail(new PrometheusError(`${where} answered ${what} with HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`));
            }
          });
        });
        req.on('error', (e: NodeJS.ErrnoException) => fail(new PrometheusError(`${where} is unreachable: ${e.code ? `${e.code} ` : ''}${e.message}`)));
        req.end();
      });
      try {
        return parseInstantVector(body, what);
      } catch (err) {
        throw new PrometheusError(`${where}: ${(err as Error).message}`);
      }
    },
  };
}

function isApiError(text: string): boolean {
  try {
    const doc = JSON.parse(text) as { status?: unknown } | null;
    return doc !== null && typeof doc === 'object' && doc.status === 'error';
  } catch {
    return false;
  }
}
