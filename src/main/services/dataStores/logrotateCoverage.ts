// logrotate as information (issue 15): which stanza covers each log under the looked-at roots, its schedule,
// and its maxsize against the rate the file was written at since its last rotation. Read from the node's
// /etc/logrotate.conf, /etc/logrotate.d/* and /var/lib/logrotate/status by the data-stores probe's read run.
import type { DataStore, StoreFinding } from '../../../shared/dataStoreModels';
import { formatBytes } from '../../../shared/formatBytes';
import { displayName } from '../../core/common/displayName';
import { isUnder, type DirIndex } from '../../core/dataStores/dirIndex';
import { coveringStanza, parseLogrotate, parseLogrotateStatus, scheduleText, sizeBytes, type LogrotateStanza } from '../../core/dataStores/logrotateConfig';
import type { ReadRequest, StoreReads } from '../../core/dataStores/storeRecords';

export const LOGROTATE_CONF = '/etc/logrotate.conf';
export const LOGROTATE_DIR = '/etc/logrotate.d';
export const LOGROTATE_STATUS = '/var/lib/logrotate/status';
const TEXT = 64 * 1024;
/** Debian 12's logrotate.timer runs daily: a size threshold is only looked at once a day. */
const TIMER_SECONDS = 86_400;
const MAX_STANZAS = 50;
const MAX_FILES_NAMED = 5;

/** The configuration files to read: the main file, the files of its include directory, the state file. */
export function logrotateReads(index: DirIndex): ReadRequest[] {
  const reads: ReadRequest[] = [{ path: LOGROTATE_CONF, what: TEXT }];
  for (const e of index.files(LOGROTATE_DIR)) reads.push({ path: e.path, what: TEXT });
  reads.push({ path: LOGROTATE_STATUS, what: 1024 * 1024 });
  return reads;
}

/** Active logs (not rotated generations) under the locations, by the stanza covering them. */
export function logrotateStores(index: DirIndex, reads: StoreReads, locations: readonly string[], now: number, utcOffsetSeconds = 0): DataStore[] {
  const main = reads.texts.get(LOGROTATE_CONF);
  if (main === undefined) return [];
  const includes = index.files(LOGROTATE_DIR).flatMap((e) => {
    const text = reads.texts.get(e.path);
    return text === undefined ? [] : [{ path: e.path, text }];
  });
  const stanzas = parseLogrotate({ path: LOGROTATE_CONF, text: main }, includes);
  const status = parseLogrotateStatus(reads.texts.get(LOGROTATE_STATUS) ?? '', utcOffsetSeconds);
  const covered = new Map<LogrotateStanza, { path: string; bytes: number; size: number }[]>();
  for (const e of index.entries()) {
    if (e.type !== 'f' || !locations.some((l) => isUnder(e.path, l)) || isUnder(e.path, '/etc')) continue;
    const hit = coveringStanza(stanzas, e.path);
    if (!hit) continue;
    const list = covered.get(hit.stanza) ?? [];
    list.push({ path: e.path, bytes: e.blocks * 512, size: e.size });
    covered.set(hit.stanza, list);
  }
  const out: DataStore[] = [];
  for (const [stanza, files] of [...covered].slice(0, MAX_STANZAS)) {
    const bytes = files.reduce((n, f) => n + f.bytes, 0);
    const schedule = scheduleText(stanza.options);
    const findings: StoreFinding[] = [];
    let measured = false;
    for (const f of files.slice(0, MAX_FILES_NAMED)) {
      const last = status.get(f.path);
      const since = last !== undefined && now > last ? now - last : null;
      const rate = since !== null && since >= 60 ? f.size / since : null;
      let text = `${displayName(f.path)} (${formatBytes(f.bytes)}) is rotated by ${displayName(stanza.file)} line ${stanza.line}: ${schedule}`;
      text += last === undefined ? '; logrotate has no record of rotating it' : `; last rotated ${new Date(last * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      if (rate !== null) {
        measured = true;
        text += `; written at ${formatBytes(rate * 3600)}/h since`;
      }
      const max = sizeBytes(stanza.options.maxsize ?? stanza.options.size);
      let worst: number | null = null;
      if (rate !== null && max !== null) {
        worst = max + rate * TIMER_SECONDS;
        text += `: with the daily timer it can reach ${formatBytes(worst)} before a rotation (${stanza.options.maxsize ? 'maxsize' : 'size'} ${formatBytes(max)} + 24 h of writes)`;
      }
      findings.push({ code: 'logrotate-stanza', text, bytes: worst });
    }
    if (files.length > MAX_FILES_NAMED) findings.push({ code: 'logrotate-more-files', text: `${files.length - MAX_FILES_NAMED} more files under the same stanza`, bytes: null });
    out.push({
      kind: 'logrotate',
      path: `${displayName(stanza.file)}:${stanza.line}`,
      bytes,
      files: files.length,
      reapRule: 'free',
      holders: [],
      evidence: [{ what: `stanza for ${stanza.patterns.map(displayName).join(' ')}`, path: displayName(stanza.file) }],
      findings,
      actions: [{ id: null, command: 'logrotate -d /etc/logrotate.conf', summary: 'read-only: what logrotate would do now, and why', runnableBy: 'operator', risk: 'low', expectedFreeBytes: null, confirm: null }],
      configHints:
        // Only where a measured rate says what a day's writes come to: a hint on every stanza would be noise.
        stanza.options.maxsize === null && measured
          ? [{ file: displayName(stanza.file), key: 'maxsize', current: null, suggested: '500M (with logrotate.timer OnCalendar=hourly)', takesEffect: 'at the next logrotate run' }]
          : [],
    });
  }
  return out;
}

