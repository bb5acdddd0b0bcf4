// Host key identity as operators see it: the SHA256 fingerprint `ssh-keygen -l` prints, and the key's type.
import { createHash } from 'node:crypto';

/** `SHA256:` + unpadded base64 of the SHA-256 of the key blob, exactly as `ssh-keygen -lf` prints it. */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (its first length-prefixed string), e.g. `ssh-ed25519`. */
export function hostKeyType(keyBlob: Buffer): string | null {
  if (keyBlob.length < 4) return null;
  const len = keyBlob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > keyBlob.length) return null;
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** Host key algorithms (as ssh2 names them) that produce a key of the given type. */
export function algorithmsForKeyType(type: string): string[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [type];
}
