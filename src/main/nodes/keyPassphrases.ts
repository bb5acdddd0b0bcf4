// Passphrases of encrypted key files: in memory for the session; on disk only as OS-keychain ciphertext
// (Electron safeStorage), and never when the only backend is plain text or there is no keychain at all.
import type { StateStore } from '../store/stateStore';

/** The part of Electron's safeStorage we use; injected so serve and the CLI run without Electron. */
export interface SecretBox {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron; 'basic_text' means "encrypted" with a hard-coded password: plain text in effect. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
}

export interface RememberResult {
  persisted: boolean;
  /** Why it was not persisted, in words for the operator. */
  message: string | null;
}

export class KeyPassphrases {
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly store: StateStore,
    private readonly box: SecretBox | null,
  ) {}

  /** The passphrase for a node's key: this session's, else the keychain's. */
  get(name: string): string | undefined {
    const inMemory = this.memory.get(name);
    if (inMemory !== undefined) return inMemory;
    if (!this.persistable().ok) return undefined;
    const row = this.store.sshNodes.list().find((n) => n.name === name);
    if (!row?.secret) return undefined;
    try {
      const plain = this.box!.decryptString(row.secret);
      this.memory.set(name, plain);
      return plain;
    } catch {
      return undefined; // another user's keychain, or a reset one: ask again
    }
  }

  set(name: string, passphrase: string, remember: boolean): RememberResult {
    this.memory.set(name, passphrase);
    if (!remember) {
      this.store.sshNodes.setSecret(name, null);
      return { persisted: false, message: null };
    }
    const can = this.persistable();
    if (!can.ok) return { persisted: false, message: can.why };
    this.store.sshNodes.setSecret(name, this.box!.encryptString(passphrase));
    return { persisted: true, message: null };
  }

  forget(name: string): void {
    this.memory.delete(name);
  }

  private persistable(): { ok: true } | { ok: false; why: string } {
    if (!this.box) return { ok: false, why: 'kept in memory for this session only: there is no OS keychain outside the desktop app (serve, CLI)' };
    if (!this.box.isEncryptionAvailable()) return { ok: false, why: 'kept in memory for this session only: the OS keychain is not available' };
    if (this.box.getSelectedStorageBackend?.() === 'basic_text') {
      return { ok: false, why: 'kept in memory for this session only: the only keychain backend here stores plain text (install gnome-keyring or kwallet)' };
    }
    return { ok: true };
  }
}
