// The browser bridge is reachable by any local process, so every request and socket must carry the token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PARAM } from '../../shared/wsProtocol';

export const TOKEN_COOKIE = 'spoolscope_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return v.join('=');
  }
  return null;
}

/** Where the request's token came from, or null when it has none that matches. */
export function requestToken(req: IncomingMessage, token: string): 'query' | 'cookie' | null {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const q = url.searchParams.get(TOKEN_PARAM);
  if (q !== null && same(q, token)) return 'query';
  const c = cookieToken(req);
  if (c !== null && same(c, token)) return 'cookie';
  return null;
}
