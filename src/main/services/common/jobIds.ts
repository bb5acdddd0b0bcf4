import { randomBytes } from 'node:crypto';

export function newJobId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
