// A real account sshd lets in with a key (needs root: useradd). Created once; CI machines start without it.
import { spawnSync } from 'node:child_process';

export interface LoginUserOptions {
  /** Login shell; /bin/sh by default. */
  shell?: string;
  /** A home made from /etc/skel (its rc files), as Debian makes an account; none by default (a system user). */
  home?: boolean;
}

export function ensureLoginUser(user: string, opts: LoginUserOptions = {}): void {
  if (spawnSync('id', [user]).status !== 0) {
    const how = opts.home ? ['--create-home'] : ['--system', '--no-create-home'];
    const r = spawnSync('useradd', [...how, '--shell', opts.shell ?? '/bin/sh', user], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`useradd failed: ${r.stderr.trim()}`);
  }
  // "!" (locked) makes sshd refuse every method without PAM; "*" is no password, key login allowed.
  spawnSync('usermod', ['-p', '*', user]);
}
