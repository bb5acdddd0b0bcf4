// Where the data-store tests find the real software: packages installed from scripts/system-packages.txt
// (psql, mariadbd, logrotate) are on the system; those whose install scripts would start a service
// (scripts/system-packages-unpacked.txt) are unpacked by the pretest into .cache/system-packages/<name>/.
// Also the unprivileged accounts the servers run as (initdb and mariadbd refuse root).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UNPACKED_CACHE_DIR, UNPACKED_MARKER } from '../../../scripts/systemPackages.js';
import { appRoot } from '../cli';

/** A file of an unpacked package, e.g. unpacked('prometheus', 'usr/bin/promtool'); throws when absent. */
export function unpacked(pkg: string, relPath: string): string {
  const dir = join(appRoot, UNPACKED_CACHE_DIR, pkg);
  if (!existsSync(join(dir, UNPACKED_MARKER))) {
    throw new Error(`${pkg} is not unpacked in ${UNPACKED_CACHE_DIR}: run "sudo node scripts/ensureSystemPackages.js" (npm test's pretest does)`);
  }
  const path = join(dir, relPath);
  if (!existsSync(path)) throw new Error(`${pkg} has no ${relPath} in ${dir}`);
  return path;
}

/** An installed program's path; throws naming the package list when it is missing. */
export function installed(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: install the packages in scripts/system-packages.txt (npm test's pretest does)`);
  return path;
}

export interface ServiceUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * A system account for a test server (created once; a fresh machine has none of them). A shell, so runuser
 * -u can run a command as it the way the probes do on a real node.
 */
export function serviceUser(name: string): ServiceUser {
  if (spawnSync('id', ['-u', name]).status !== 0) {
    const r = spawnSync('useradd', ['--system', '--shell', '/bin/sh', '--no-create-home', '--user-group', name], { encoding: 'utf8' });
    if (r.status !== 0 && spawnSync('id', ['-u', name]).status !== 0) throw new Error(`useradd ${name} failed: ${r.stderr}`);
  }
  const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout.trim());
  return { name, uid, gid };
}

/** The argv prefix that runs a command as `user` with no fork in between (setpriv execs), so its pid is the server's. */
export function asUser(user: ServiceUser): string[] {
  return ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--'];
}
