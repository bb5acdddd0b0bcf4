// The pure half of the pretest's system package check (scripts/ensureSystemPackages.js runs it): reading
// the package list, deciding from dpkg-query's answer what is missing, and the apt-get command lines and
// messages. Nothing here runs a command or touches a file, so unit tests import it as it is.

/** Debian policy: lower case letters, digits, + - and ., at least two characters, starting alphanumeric. */
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/** One line per package dpkg knows: its name and its status word ("installed", "config-files", ...). */
export const DPKG_STATUS_FORMAT = '${Package}\t${db:Status-Status}\n';

/** apt-get must never stop to ask: CI and the pretest have no one to answer. */
export const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };

/**
 * The package names of a list file: one per line, `#` starts a comment, blank lines are skipped,
 * a name listed twice counts once. A line that is not one package name is refused rather than passed
 * on to apt-get (where a stray `-o...` or `--yes` would be an option).
 */
export function parsePackageList(text) {
  const names = [];
  const errors = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    if (!PACKAGE_NAME.test(line)) errors.push(`line ${i + 1}: ${JSON.stringify(line)} is not one Debian package name`);
    else if (!names.includes(line)) names.push(line);
  });
  if (errors.length > 0) throw new Error(errors.join('; '));
  return names;
}

/** dpkg-query's arguments for the status of every listed package (unknown ones it reports on stderr). */
export function dpkgQueryArgs(packages) {
  return ['-W', `-f=${DPKG_STATUS_FORMAT}`, ...packages];
}

/**
 * The wanted packages dpkg-query's output does not show as installed, in list order. A package dpkg
 * has never heard of is absent from the output; one removed but not purged reads "config-files".
 * A package installed for one architecture of several counts as installed.
 */
export function missingPackages(wanted, dpkgQueryStdout) {
  const installed = new Set();
  for (const line of dpkgQueryStdout.split('\n')) {
    const [name, status] = line.split('\t');
    if (status?.trim() === 'installed') installed.add(name);
  }
  return wanted.filter((p) => !installed.has(p));
}

export function aptUpdateArgs() {
  return ['update', '-q'];
}

export function aptInstallArgs(packages) {
  return ['install', '-y', '-q', '--no-install-recommends', ...packages];
}

/** What a non-root user should run: the same install, through sudo. */
export function sudoInstallCommand(packages) {
  return `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** A command as one shell line, for showing what was run. Words that need it are single-quoted. */
export function commandLine(env, cmd, args) {
  const quote = (w) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`);
  return [...assignments, ...[cmd, ...args].map(quote)].join(' ');
}

/**
 * What the pretest does about `missing`: nothing; as root, install them (apt-get update once, then
 * install); otherwise stop with the command to run.
 */
export function planPackageStep({ missing, isRoot, listPath }) {
  if (missing.length === 0) return { action: 'none' };
  if (!isRoot) return { action: 'stop', message: notRootMessage(missing, listPath) };
  return {
    action: 'install',
    announce: `spoolscope: installing ${countOf(missing)} missing for the tests and benchmarks (apt-get update, then install, as root): ${missing.join(', ')}`,
    steps: [
      { cmd: 'apt-get', args: aptUpdateArgs() },
      { cmd: 'apt-get', args: aptInstallArgs(missing) },
    ],
  };
}

function countOf(packages) {
  return packages.length === 1 ? '1 system package' : `${packages.length} system packages`;
}

export function notRootMessage(missing, listPath) {
  return (
    `spoolscope: the tests and benchmarks need ${countOf(missing)} that ${missing.length === 1 ? 'is' : 'are'} not installed (listed in ${listPath}): ${missing.join(', ')}.\n` +
    `Install ${missing.length === 1 ? 'it' : 'them'} as root, then run this again:\n` +
    `  ${sudoInstallCommand(missing)}`
  );
}

/** An apt-get step that failed: the end of its output, then the exact command, so it can be rerun by hand. */
export function aptFailedMessage({ cmd, args, status, signal = null, output, tailLines = 20 }) {
  const why = status !== null ? `failed (exit ${status})` : signal ? `was killed (${signal})` : 'could not be run';
  const tail = lastLines(output, tailLines);
  return (
    `spoolscope: ${cmd} ${why} while installing the system packages the tests and benchmarks need.\n` +
    (tail.length > 0 ? `The end of its output:\n${tail.map((l) => `  ${l}`).join('\n')}\n` : '') +
    `The command was:\n  ${commandLine(APT_ENV, cmd, args)}`
  );
}

export function stillMissingMessage(missing, installArgs) {
  return (
    `spoolscope: apt-get succeeded but these are still not installed: ${missing.join(', ')}. The command was:\n` +
    `  ${commandLine(APT_ENV, 'apt-get', installArgs)}`
  );
}

/** dpkg-query is missing (not Debian) or failed: the tests may still run, so say so and go on. */
export function cannotCheckLine(listPath, why) {
  return `spoolscope: ${why}, so the system packages in ${listPath} are not checked; continuing.`;
}

/** The last n non-blank lines of text. */
export function lastLines(text, n) {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(-n);
}

// ---- Packages unpacked, not installed ----
// A package whose install scripts would start a service (a PostgreSQL cluster, mariadbd, prometheus on a
// port) is never installed: `apt-get download` fetches its .deb and `dpkg-deb -x` unpacks it into a cache
// directory of the repository (ignored by git), one directory per package. Its binaries run from there,
// started and stopped by the tests that need them.

/** The cache directory, relative to the repository. */
export const UNPACKED_CACHE_DIR = '.cache/system-packages';

/** Written into a package's directory once it is fully unpacked: its .deb's file name (so its version). */
export const UNPACKED_MARKER = '.unpacked';

/** The listed packages with no finished unpacked directory (`hasMarker(name)` is false), in list order. */
export function missingUnpacked(wanted, hasMarker) {
  return wanted.filter((p) => !hasMarker(p));
}

export function aptDownloadArgs(packages) {
  return ['download', '-q', ...packages];
}

export function dpkgDebExtractArgs(debFile, dir) {
  return ['-x', debFile, dir];
}

/** The package a downloaded .deb holds: `postgresql-15_15.20-0+deb12u1_amd64.deb` is postgresql-15. */
export function debPackageName(fileName) {
  if (!fileName.endsWith('.deb')) return null;
  const name = fileName.slice(0, fileName.indexOf('_'));
  return PACKAGE_NAME.test(name) ? name : null;
}

/** What a user who is not root should run: the same script as root (apt-get update needs root). */
export const SUDO_UNPACK_COMMAND = 'sudo node scripts/ensureSystemPackages.js';

/**
 * What the pretest does about unpacked packages `missing`: nothing; as root, apt-get update (unless the
 * install step has just run it), then one `apt-get download` of them, each unpacked by the runner; otherwise
 * stop with the command to run.
 */
export function planUnpackStep({ missing, isRoot, listPath, aptUpdated }) {
  if (missing.length === 0) return { action: 'none' };
  if (!isRoot) return { action: 'stop', message: notRootUnpackMessage(missing, listPath) };
  return {
    action: 'unpack',
    announce: `spoolscope: unpacking ${countOf(missing)} the tests run without installing (apt-get download, dpkg-deb -x into ${UNPACKED_CACHE_DIR}, as root): ${missing.join(', ')}`,
    steps: [...(aptUpdated ? [] : [{ cmd: 'apt-get', args: aptUpdateArgs() }]), { cmd: 'apt-get', args: aptDownloadArgs(missing) }],
  };
}

export function notRootUnpackMessage(missing, listPath) {
  return (
    `spoolscope: the tests need ${countOf(missing)} unpacked into ${UNPACKED_CACHE_DIR} (listed in ${listPath}; not installed, since ${missing.length === 1 ? 'its' : 'their'} install scripts would start a service): ${missing.join(', ')}.\n` +
    `Fetch and unpack ${missing.length === 1 ? 'it' : 'them'} (apt-get update, apt-get download, dpkg-deb -x) as root, then run this again:\n` +
    `  ${SUDO_UNPACK_COMMAND}`
  );
}

/** A download that exited 0 but brought no .deb for some packages. */
export function notDownloadedMessage(missing, downloadArgs) {
  return (
    `spoolscope: apt-get download succeeded but brought no .deb for: ${missing.join(', ')}. The command was:\n` +
    `  ${commandLine(APT_ENV, 'apt-get', downloadArgs)}`
  );
}
