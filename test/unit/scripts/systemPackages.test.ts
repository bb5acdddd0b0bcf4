// The pretest's decisions, without running dpkg or apt: what the list names, what dpkg's answer leaves
// missing, and what is run or printed about it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  SUDO_UNPACK_COMMAND,
  UNPACKED_MARKER,
  aptDownloadArgs,
  aptFailedMessage,
  aptInstallArgs,
  debPackageName,
  dpkgDebExtractArgs,
  missingUnpacked,
  notDownloadedMessage,
  planUnpackStep,
  commandLine,
  dpkgQueryArgs,
  lastLines,
  missingPackages,
  parsePackageList,
  planPackageStep,
  stillMissingMessage,
  sudoInstallCommand,
} from '../../../scripts/systemPackages.js';

describe('the package list', () => {
  it('reads one name per line, skipping comments, blank lines and a name listed twice', () => {
    const text = '# what needs what\nchromium\n\n  lsof   # the held benchmark\r\nopenssh-server\nlsof\ng++\nlibc6.1\n';
    expect(parsePackageList(text)).toEqual(['chromium', 'lsof', 'openssh-server', 'g++', 'libc6.1']);
  });

  it('refuses a line that is not exactly one package name, naming the line, so nothing reaches apt-get as an option', () => {
    for (const bad of ['--yes', '-oAPT::Get::Foo=1', 'two words', 'Chromium', 'x', '$(reboot)', "it's", 'a\tb']) {
      expect(() => parsePackageList(`chromium\n${bad}\n`), bad).toThrow(/^line 2: .* is not one Debian package name$/);
    }
  });

  it('shows a hostile line escaped, on one line', () => {
    expect(() => parsePackageList('ok-name\n\u001b[2Jbad\r\n')).toThrow('line 2: "\\u001b[2Jbad" is not one Debian package name');
  });

  it('names every package the tests and benchmarks need (the repository list)', () => {
    const list = parsePackageList(readFileSync(new URL('../../../scripts/system-packages.txt', import.meta.url), 'utf8'));
    for (const p of ['chromium', 'openssh-server', 'openssh-client', 'inotify-tools', 'lsof', 'sqlite3', 'sudo', 'ncdu', 'gdu', 'procps', 'findutils', 'coreutils']) {
      expect(list).toContain(p);
    }
  });
});

describe('what dpkg-query leaves missing', () => {
  it('asks for every package in one call, by name and status word', () => {
    expect(dpkgQueryArgs(['lsof', 'sudo'])).toEqual(['-W', '-f=${Package}\t${db:Status-Status}\n', 'lsof', 'sudo']);
  });

  it('counts only "installed"; an unknown package (absent from the output) and a removed one are missing, in list order', () => {
    const out = 'sudo\tinstalled\nlsof\tconfig-files\nchromium\tinstalled\nncdu\tnot-installed\n';
    expect(missingPackages(['gdu', 'sudo', 'lsof', 'chromium', 'ncdu'], out)).toEqual(['gdu', 'lsof', 'ncdu']);
  });

  it('is nothing when everything is installed', () => {
    expect(missingPackages(['sudo', 'lsof'], 'lsof\tinstalled\nsudo\tinstalled\n')).toEqual([]);
  });

  it('counts a package installed for one architecture of two as installed', () => {
    expect(missingPackages(['libc6'], 'libc6\tnot-installed\nlibc6\tinstalled\n')).toEqual([]);
  });

  it('is everything when dpkg-query printed nothing', () => {
    expect(missingPackages(['sudo', 'lsof'], '')).toEqual(['sudo', 'lsof']);
  });
});

describe('what the pretest does about them', () => {
  it('does nothing when nothing is missing, root or not', () => {
    expect(planPackageStep({ missing: [], isRoot: true, listPath: 'l.txt' })).toEqual({ action: 'none' });
    expect(planPackageStep({ missing: [], isRoot: false, listPath: 'l.txt' })).toEqual({ action: 'none' });
  });

  it('as root: apt-get update once, then one install of exactly the missing ones, announced in one line', () => {
    const plan = planPackageStep({ missing: ['chromium', 'gdu'], isRoot: true, listPath: 'l.txt' });
    expect(plan).toEqual({
      action: 'install',
      announce: expect.stringMatching(/^spoolscope: installing 2 system packages missing for the tests and benchmarks .*: chromium, gdu$/),
      steps: [
        { cmd: 'apt-get', args: ['update', '-q'] },
        { cmd: 'apt-get', args: ['install', '-y', '-q', '--no-install-recommends', 'chromium', 'gdu'] },
      ],
    });
    expect(plan.action === 'install' && plan.announce).not.toContain('\n');
  });

  it('not root: stops with the list file and the exact sudo apt-get command on its own line', () => {
    const plan = planPackageStep({ missing: ['sqlite3'], isRoot: false, listPath: 'scripts/system-packages.txt' });
    expect(plan.action).toBe('stop');
    const lines = plan.action === 'stop' ? plan.message.split('\n') : [];
    expect(lines[0]).toBe('spoolscope: the tests and benchmarks need 1 system package that is not installed (listed in scripts/system-packages.txt): sqlite3.');
    expect(lines.at(-1)).toBe('  sudo apt-get install -y --no-install-recommends sqlite3');
    expect(sudoInstallCommand(['a1', 'b2'])).toBe('sudo apt-get install -y --no-install-recommends a1 b2');
  });
});

describe('when apt-get fails', () => {
  it('shows the end of its output and the exact command, environment included', () => {
    const output = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n\nE: Unable to locate package gdu\n';
    const msg = aptFailedMessage({ cmd: 'apt-get', args: aptInstallArgs(['gdu']), status: 100, output, tailLines: 3 });
    expect(msg.split('\n')).toEqual([
      'spoolscope: apt-get failed (exit 100) while installing the system packages the tests and benchmarks need.',
      'The end of its output:',
      '  line 29',
      '  line 30',
      '  E: Unable to locate package gdu',
      'The command was:',
      '  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gdu',
    ]);
  });

  it('says so when apt-get could not be run or was killed, with no empty output section', () => {
    expect(aptFailedMessage({ cmd: 'apt-get', args: ['update', '-q'], status: null, output: '' })).toBe(
      'spoolscope: apt-get could not be run while installing the system packages the tests and benchmarks need.\nThe command was:\n  DEBIAN_FRONTEND=noninteractive apt-get update -q',
    );
    expect(aptFailedMessage({ cmd: 'apt-get', args: [], status: null, signal: 'SIGKILL', output: 'x' })).toContain('apt-get was killed (SIGKILL)');
  });

  it('says which packages are still missing after an install that exited 0', () => {
    expect(stillMissingMessage(['gdu'], aptInstallArgs(['gdu', 'lsof']))).toBe(
      'spoolscope: apt-get succeeded but these are still not installed: gdu. The command was:\n  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gdu lsof',
    );
  });
});

describe('a command shown as one shell line', () => {
  it('quotes only the words that need it, so it can be pasted back', () => {
    expect(commandLine({ A: 'x y' }, 'apt-get', ['install', "it's", '$(id)', 'g++'])).toBe(`A='x y' apt-get install 'it'\\''s' '$(id)' g++`);
  });

  it('keeps the last non-blank lines of output', () => {
    expect(lastLines('a\r\nb\n\n  \nc\n', 2)).toEqual(['b', 'c']);
  });
});

describe('packages unpacked instead of installed', () => {
  it('lists the packages whose install scripts start a service, apart from the install list', () => {
    const unpacked = parsePackageList(readFileSync(new URL('../../../scripts/system-packages-unpacked.txt', import.meta.url), 'utf8'));
    const installed = parsePackageList(readFileSync(new URL('../../../scripts/system-packages.txt', import.meta.url), 'utf8'));
    expect(unpacked).toEqual(['postgresql-15', 'mariadb-server', 'prometheus', 'prometheus-node-exporter']);
    for (const p of unpacked) expect(installed).not.toContain(p);
    for (const p of ['postgresql-client-15', 'mariadb-server-core', 'mariadb-client-core', 'logrotate', 'libpq5', 'libicu72']) expect(installed).toContain(p);
  });

  it('is missing until its directory holds the marker, in list order', () => {
    const done = new Set(['prometheus']);
    expect(missingUnpacked(['postgresql-15', 'prometheus', 'mariadb-server'], (p: string) => done.has(p))).toEqual(['postgresql-15', 'mariadb-server']);
    expect(UNPACKED_MARKER).toBe('.unpacked');
  });

  it('reads the package out of a downloaded .deb name, and nothing out of another file', () => {
    expect(debPackageName('postgresql-15_15.20-0+deb12u1_amd64.deb')).toBe('postgresql-15');
    expect(debPackageName('mariadb-server_1%3a10.11.19-0+deb12u1_amd64.deb')).toBe('mariadb-server');
    expect(debPackageName('partial')).toBeNull();
    expect(debPackageName('-x_1_all.deb')).toBeNull();
  });

  it('as root: apt-get update unless the install step ran it, then one download of exactly the missing ones, announced in one line', () => {
    const plan = planUnpackStep({ missing: ['postgresql-15', 'prometheus'], isRoot: true, listPath: 'u.txt', aptUpdated: false });
    expect(plan).toEqual({
      action: 'unpack',
      announce: expect.stringMatching(/^spoolscope: unpacking 2 system packages the tests run without installing \(apt-get download, dpkg-deb -x into \.cache\/system-packages, as root\): postgresql-15, prometheus$/),
      steps: [
        { cmd: 'apt-get', args: ['update', '-q'] },
        { cmd: 'apt-get', args: ['download', '-q', 'postgresql-15', 'prometheus'] },
      ],
    });
    const after = planUnpackStep({ missing: ['prometheus'], isRoot: true, listPath: 'u.txt', aptUpdated: true });
    expect(after.action === 'unpack' && after.steps).toEqual([{ cmd: 'apt-get', args: ['download', '-q', 'prometheus'] }]);
    expect(dpkgDebExtractArgs('/c/p.deb', '/c/p.tmp')).toEqual(['-x', '/c/p.deb', '/c/p.tmp']);
  });

  it('does nothing when everything is unpacked; not root: stops with the list and the exact command', () => {
    expect(planUnpackStep({ missing: [], isRoot: false, listPath: 'u.txt', aptUpdated: false })).toEqual({ action: 'none' });
    const plan = planUnpackStep({ missing: ['prometheus'], isRoot: false, listPath: 'scripts/system-packages-unpacked.txt', aptUpdated: false });
    expect(plan.action).toBe('stop');
    const lines = plan.action === 'stop' ? plan.message.split('\n') : [];
    expect(lines[0]).toBe(
      'spoolscope: the tests need 1 system package unpacked into .cache/system-packages (listed in scripts/system-packages-unpacked.txt; not installed, since its install scripts would start a service): prometheus.',
    );
    expect(lines.at(-1)).toBe(`  ${SUDO_UNPACK_COMMAND}`);
    expect(SUDO_UNPACK_COMMAND).toBe('sudo node scripts/ensureSystemPackages.js');
  });

  it('names the packages a download brought no .deb for, with the command', () => {
    expect(notDownloadedMessage(['prometheus'], aptDownloadArgs(['prometheus']))).toBe(
      'spoolscope: apt-get download succeeded but brought no .deb for: prometheus. The command was:\n  DEBIAN_FRONTEND=noninteractive apt-get download -q prometheus',
    );
  });
});
