import { describe, expect, it } from 'vitest';
import { coveringStanza, parseLogrotate, parseLogrotateStatus, scheduleText, sizeBytes } from '../../../src/main/core/dataStores/logrotateConfig';

// Debian 12's /etc/logrotate.conf and the stanzas of its postgresql-common and mariadb packages.
const MAIN = { path: '/etc/logrotate.conf', text: '# see "man logrotate"\nweekly\nrotate 4\ncreate\n#dateext\n#compress\ninclude /etc/logrotate.d\n' };
const PG = {
  path: '/etc/logrotate.d/postgresql-common',
  text: '/var/log/postgresql/*.log {\n       weekly\n       rotate 10\n       copytruncate\n       delaycompress\n       compress\n       notifempty\n       missingok\n       su root root\n}\n',
};
const MARIADB = {
  path: '/etc/logrotate.d/mariadb',
  text: '/var/log/mysql/mysql.log /var/log/mysql/mysql-slow.log /var/log/mysql/mariadb-slow.log /var/log/mysql/error.log {\n  su mysql mysql\n  missingok\n  create 660 mysql adm\n  notifempty\n  daily\n  minsize 1M # only use with logrotate >= 3.7.4\n  maxsize 100M # only use with logrotate >= 3.7.4\n  rotate 7\n  dateext\n  compress\n  delaycompress\n  sharedscripts\n  olddir archive/\n  createolddir 770 mysql adm\n  postrotate\n    if test -r /etc/mysql/debian.cnf; then\n      mariadb-admin --defaults-file=/etc/mysql/debian.cnf --local flush-error-log flush-engine-log\n    fi\n  endscript\n}\n',
};
const OLD = { path: '/etc/logrotate.d/mariadb.dpkg-old', text: '/var/log/mysql/*.log {\n  hourly\n}\n' };

describe('logrotate configuration', () => {
  const stanzas = parseLogrotate(MAIN, [PG, MARIADB, OLD]);

  it('reads the included stanzas, skipping taboo extensions and scripts, with the globals applied', () => {
    expect(stanzas.map((s) => s.file)).toEqual(['/etc/logrotate.d/mariadb', '/etc/logrotate.d/postgresql-common']);
    expect(stanzas[1].options).toMatchObject({ frequency: 'weekly', rotate: 10, copytruncate: true, compress: true, delaycompress: true });
  });

  it('names the stanza covering a file, and none for a file no pattern matches', () => {
    const hit = coveringStanza(stanzas, '/var/log/mysql/error.log');
    expect(hit?.stanza.file).toBe('/etc/logrotate.d/mariadb');
    expect(scheduleText(hit!.stanza.options)).toBe('daily, maxsize 100M, minsize 1M, rotate 7, create, compress, delaycompress');
    expect(coveringStanza(stanzas, '/var/log/postgresql/postgresql-15-main.log')?.pattern).toBe('/var/log/postgresql/*.log');
    // * never matches a slash.
    expect(coveringStanza(stanzas, '/var/log/postgresql/old/x.log')).toBeNull();
    expect(coveringStanza(stanzas, '/var/log/mysql/mysql-bin.000001')).toBeNull();
  });

  it('reads sizes and the state file', () => {
    expect(sizeBytes('100M')).toBe(100 * 1024 * 1024);
    expect(sizeBytes('1G')).toBe(1024 ** 3);
    expect(sizeBytes('lots')).toBeNull();
    const status = parseLogrotateStatus('logrotate state -- version 2\n"/var/log/mysql/error.log" 2026-12-6-0:0:1\n"/var/log/syslog" 2026-12-1-6:25:0\n');
    expect(status.get('/var/log/mysql/error.log')).toBe(Date.UTC(2026, 11, 6, 0, 0, 1) / 1000);
  });

  it("reads the state file's times as the node's local time: 00:00:01 in Berlin (+0100) is 23:00:01 UTC the day before", () => {
    const status = parseLogrotateStatus('"/var/log/syslog" 2026-12-6-0:0:1\n', 3600);
    expect(status.get('/var/log/syslog')).toBe(Date.UTC(2026, 11, 5, 23, 0, 1) / 1000);
  });
});
