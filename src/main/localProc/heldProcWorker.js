// @ts-check
/* eslint-disable @typescript-eslint/no-require-imports -- an eval'd worker is a CommonJS script: require is its only import */
// The held probe (resources/probe/held.sh) done with Node's fs on this machine, in two worker threads: the
// same /proc reads and the same NUL-separated records, so one parser reads both. It only speeds up the
// local node (test/integration/held/heldInProcessParity.root.test.ts proves the parsed results match);
// remote nodes run the script.
//
// Where the time goes: one stat() through every /proc/PID/fd/N link, 2-3 us each, and listing the fd
// directories, ~1 us per fd. The lead thread lists; each batch of fd paths it lists goes to the helper
// thread while the helper keeps up, and is stat'ed by the lead itself when the helper is behind, so both
// cores stay busy. Whoever stats a deleted fd also reads its link target and fdinfo right away. No thread
// holds more than a few batches of paths, whatever the number of fds.
//
// Run by heldProcReader.ts as eval'd source (vite ?raw).
//   lead:   workerData = { role: 'lead', source }; a message { maxBytes, maxRecords, maxFds? } runs one scan
//           and is answered { ok, output: ArrayBuffer, limitHit } (or { ok: false, error }). maxFds ends the
//           listing early: only warm-up scans use it.
//   helper: workerData = { role: 'helper', port, posted }; answers { scan, maps: maxBytes } with every
//           process's deleted mappings ({ scan, maps }) and each { scan, paths } with { scan, part }, and
//           counts each answer in `posted`, so the lead can wait for them without an event loop.
'use strict';
const fs = require('node:fs');
const { Worker, MessageChannel, parentPort, receiveMessageOnPort, workerData } = require('node:worker_threads');

/** fd paths per hand-over to the helper. */
const BATCH = 512;
/** Batches the helper may have in hand before the lead stats a batch itself. */
const HELPER_AHEAD = 2;
const NUL = Buffer.from([0]);
const readBuf = Buffer.allocUnsafe(64 * 1024);
const STAT_OPTIONS = { throwIfNoEntry: false };
// Errors here are expected outcomes (a process gone, an fd refused), caught on the spot: no stack traces.
Error.stackTraceLimit = 0;

/**
 * The whole content of a /proc file, or null when it is gone or unreadable (grep 2>/dev/null). `oneRecord`:
 * the file is a single seq_file record (fdinfo), which one read returns whole when it fits: a short read is
 * the end, and the extra read() for EOF (a thousand per scan) is skipped.
 */
function readWhole(/** @type {string} */ path, oneRecord = false) {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const parts = [];
    for (;;) {
      const n = fs.readSync(fd, readBuf, 0, readBuf.length, null);
      if (n <= 0) break;
      parts.push(Buffer.from(readBuf.subarray(0, n)));
      if (oneRecord && n < readBuf.length) break;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * grep -zH '' FILE: each NUL-terminated "line" of the file as "FILE:line\0"; nothing for an empty file.
 * @param {string} path
 * @param {Buffer[]} into
 * @param {boolean} [oneRecord] see readWhole
 */
function grepZ(path, into, oneRecord = false) {
  const body = readWhole(path, oneRecord);
  if (body === null || body.length === 0) return 0;
  const prefix = Buffer.from(`${path}:`);
  let start = 0;
  let n = 0;
  while (start < body.length) {
    let end = body.indexOf(0, start);
    if (end === -1) end = body.length;
    into.push(prefix, body.subarray(start, end), NUL);
    n++;
    start = end + 1;
  }
  return n;
}

/**
 * @typedef {{ lines: string[], denied: string[], detail: Buffer, detailRecords: number }} Part
 * lines: the probe's "F" lines; denied: fd paths this user may not stat; detail: "L" and fdinfo records.
 */

/**
 * stat() through each fd link, following it as find -L does. A deleted regular file becomes an "F" line
 * plus its link target ("L" record) and fdinfo; a permission refusal marks a process this user cannot
 * see; anything else is a process or fd that went away: skipped, as find does.
 * @param {string[]} paths
 * @returns {Part}
 */
function statFds(paths) {
  const lines = [];
  const denied = [];
  /** @type {Buffer[]} */
  const detail = [];
  let detailRecords = 0;
  // Access to a process's fds is granted or refused for the process as a whole: after one refusal its other
  // fds are not tried (each refusal is a thrown error, and a sandbox's pid 1 alone has hundreds of fds).
  let deniedDir = '';
  for (const p of paths) {
    if (deniedDir !== '' && p.startsWith(deniedDir)) continue;
    let st;
    try {
      st = fs.statSync(p, STAT_OPTIONS);
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code === 'EACCES') {
        denied.push(p);
        deniedDir = p.slice(0, p.lastIndexOf('/') + 1);
      }
      continue;
    }
    if (st === undefined || st.nlink !== 0 || !st.isFile()) continue;
    lines.push(`F\t${p}\t${st.size}\t${st.blocks}\t${st.dev}\t${st.ino}`);
    try {
      detail.push(Buffer.from(`L\t${p}\t`), fs.readlinkSync(p, { encoding: 'buffer' }), NUL);
      detailRecords++;
    } catch {
      // closed since the stat: its F line stays, as in the probe, and accounting sees no target
    }
    const slash = p.indexOf('/fd/');
    detailRecords += grepZ(`${p.slice(0, slash)}/fdinfo/${p.slice(slash + 4)}`, detail, true);
  }
  return { lines, denied, detail: Buffer.concat(detail), detailRecords };
}

/** The lines of a maps file that end in " (deleted)", each "path:line\n" (grep -H), read in chunks. */
function deletedMappings(/** @type {string} */ path, /** @type {Buffer[]} */ into) {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return;
  }
  const prefix = Buffer.from(`${path}:`);
  const suffix = Buffer.from(' (deleted)\n');
  let carry = Buffer.alloc(0);
  try {
    for (;;) {
      const n = fs.readSync(fd, readBuf, 0, readBuf.length, null);
      if (n <= 0) break;
      const chunk = carry.length ? Buffer.concat([carry, readBuf.subarray(0, n)]) : readBuf.subarray(0, n);
      const lastNl = chunk.lastIndexOf(10);
      let at = chunk.indexOf(suffix);
      while (at !== -1 && at + suffix.length - 1 <= lastNl) {
        const end = at + suffix.length;
        into.push(prefix, Buffer.from(chunk.subarray(chunk.lastIndexOf(10, at) + 1, end)));
        at = chunk.indexOf(suffix, end);
      }
      carry = Buffer.from(chunk.subarray(lastNl + 1));
    }
  } catch {
    // the process exited while we read: what was read stands
  } finally {
    fs.closeSync(fd);
  }
  // grep prints a last line that has no newline with one added.
  const bare = suffix.subarray(0, -1);
  if (carry.length >= bare.length && carry.subarray(carry.length - bare.length).equals(bare)) into.push(prefix, carry, Buffer.from('\n'));
}

/** readlink that answers null where find's -lname would match nothing (gone, or not this user's to read). */
function readLink(/** @type {string} */ path) {
  try {
    return fs.readlinkSync(path, { encoding: 'buffer' });
  } catch {
    return null;
  }
}

/**
 * The probe's "N" lines for the holding processes ("/proc/P" each): the mount namespace where it reads as
 * "mnt:..." and the root where it is "/" (find -lname "mnt:*" -o -lname /).
 * @param {string[]} procs
 */
function namespaceLines(procs) {
  const lines = [];
  for (const proc of procs) {
    const ns = readLink(`${proc}/ns/mnt`);
    if (ns && ns.toString('latin1').startsWith('mnt:')) lines.push(`N\t${proc}/ns/mnt\t${ns.toString('latin1')}`);
    const root = readLink(`${proc}/root`);
    if (root && root.length === 1 && root[0] === 0x2f) lines.push(`N\t${proc}/root\t/`);
  }
  return lines;
}

/**
 * The probe's choice of mount tables to read: one per namespace for holders whose root is "/" (the lowest
 * pid of them), and each other holder's own.
 * @param {string[]} procs
 * @param {string[]} nsLines
 */
function mountTableReads(procs, nsLines) {
  /** @type {Map<string, string>} */
  const nsOf = new Map();
  const slash = new Set();
  for (const line of nsLines) {
    const [, path, link] = line.split('\t');
    if (path.endsWith('/ns/mnt')) nsOf.set(path.slice(0, -'/ns/mnt'.length), link);
    else slash.add(path.slice(0, -'/root'.length));
  }
  /** @type {Map<string, string>} */
  const rep = new Map();
  const pidOf = (/** @type {string} */ proc) => Number(proc.slice(6));
  for (const proc of procs) {
    const ns = nsOf.get(proc);
    const k = slash.has(proc) && ns !== undefined ? ns : proc;
    const had = rep.get(k);
    if (had === undefined || pidOf(proc) < pidOf(had)) rep.set(k, proc);
  }
  return [...rep.values()].map((proc) => `${proc}/mountinfo`);
}

/**
 * The processes ("/proc/P") with a line in the maps block whose inode (the 5th field, as awk splits it) is a
 * held one, and that hold none: the probe reads their comm and cgroup, to name the process to restart.
 * @param {Buffer} mapsBlock
 * @param {Set<string>} inodes
 * @param {Set<string>} holding
 */
function mapperProcs(mapsBlock, inodes, holding) {
  /** @type {Set<string>} */
  const out = new Set();
  for (const line of mapsBlock.toString('latin1').split('\n')) {
    const f = line.replace(/^[ \t]+/, '').split(/[ \t]+/);
    const m = /^(\/proc\/[0-9]+)\/maps:/.exec(f[0]);
    if (!m || f.length < 5 || !inodes.has(f[4]) || holding.has(m[1])) continue;
    out.add(m[1]);
  }
  return [...out];
}

const numericNames = (/** @type {string} */ dir) =>
  fs.readdirSync(dir).filter((name) => {
    const c = name.charCodeAt(0);
    return c >= 48 && c <= 57;
  });

/**
 * The probe's grep -H ' (deleted)$' over every /proc/PID/maps: mappings of deleted files of every process,
 * not only holders' (truncating a file another process maps would crash it), as one block of at most about
 * maxBytes.
 * @param {number} maxBytes
 */
function allDeletedMappings(maxBytes) {
  /** @type {Buffer[]} */
  const maps = [];
  let bytes = 0;
  for (const pid of numericNames('/proc')) {
    const before = maps.length;
    deletedMappings(`/proc/${pid}/maps`, maps);
    for (let i = before; i < maps.length; i++) bytes += maps[i].length;
    if (bytes > maxBytes) break;
  }
  return Buffer.concat(maps);
}

if (workerData.role === 'helper') {
  /** @type {import('node:worker_threads').MessagePort} */
  const port = workerData.port;
  const posted = new Int32Array(workerData.posted);
  port.on('message', (/** @type {{ scan: number, paths?: string[], maps?: number }} */ m) => {
    if (m.maps !== undefined) port.postMessage({ scan: m.scan, maps: allDeletedMappings(m.maps) });
    else port.postMessage({ scan: m.scan, part: statFds(m.paths ?? []) });
    Atomics.add(posted, 0, 1);
    Atomics.notify(posted, 0);
  });
} else {
  runLead();
}

function runLead() {
  /** @type {{ port: import('node:worker_threads').MessagePort, posted: Int32Array } | null} */
  let helper = null;
  let scanNo = 0;

  function helperLink() {
    if (helper) return helper;
    const { port1, port2 } = new MessageChannel();
    const posted = new SharedArrayBuffer(4);
    const w = new Worker(workerData.source, { eval: true, workerData: { role: 'helper', port: port2, posted }, transferList: [port2] });
    w.unref();
    helper = { port: port1, posted: new Int32Array(posted) };
    return helper;
  }

  /** @param {{ maxBytes: number, maxRecords: number, maxFds?: number }} limits */
  function scan(limits) {
    const scan = ++scanNo;
    /** @type {Part[]} */
    const parts = [];
    let partBytes = 0;
    let partRecords = 0;
    const complaints = [];
    const link = helperLink();
    // The helper reads every process's maps first (they do not depend on the fds), while this thread lists.
    // Typed by a cast, not a declaration: TypeScript does not see the assignment inside drain(), and would
    // take a declared `Buffer | null` that starts as null for null ever after.
    let mapsBlock = /** @type {Buffer | null} */ (null);
    link.port.postMessage({ scan, maps: limits.maxBytes });
    let sent = 1;
    let received = 0;
    const take = (/** @type {Part} */ part) => {
      parts.push(part);
      partBytes += part.detail.length + part.lines.length * 64;
      partRecords += part.detailRecords;
    };
    const drain = () => {
      for (let m = receiveMessageOnPort(link.port); m; m = receiveMessageOnPort(link.port)) {
        // A reply to an earlier scan that failed part-way is dropped.
        if (m.message.scan !== scan) continue;
        received++;
        if (m.message.maps) mapsBlock = Buffer.from(m.message.maps.buffer, m.message.maps.byteOffset, m.message.maps.length);
        else take(m.message.part);
      }
    };
    const overLimits = () => partBytes > limits.maxBytes || partRecords > limits.maxRecords;
    /** @param {string[]} batch */
    const dispatch = (batch) => {
      drain();
      // The maps request counts as one batch in hand until its answer is in.
      if (sent - received < HELPER_AHEAD + (mapsBlock === null ? 1 : 0)) {
        link.port.postMessage({ scan, paths: batch });
        sent++;
      } else take(statFds(batch));
    };

    let batch = [];
    let listed = 0;
    // No cap is the largest small integer, not Infinity: the warm-up scans (capped) must leave this loop
    // compiled for the same number type the real scans use, or the first real scan deoptimizes it.
    const maxFds = limits.maxFds ?? 2 ** 30 - 1;
    walk: for (const pid of numericNames('/proc')) {
      const fdDir = `/proc/${pid}/fd`;
      let dir;
      try {
        dir = fs.opendirSync(fdDir, { bufferSize: 256 });
      } catch (err) {
        if (/** @type {NodeJS.ErrnoException} */ (err).code === 'EACCES') {
          complaints.push(`find: '${fdDir}': Permission denied\n`);
          // As a plain user, one line per process of anyone else: counted against the same byte limit.
          partBytes += 40;
          if (overLimits()) break walk;
        }
        continue;
      }
      try {
        for (let e = dir.readSync(); e !== null; e = dir.readSync()) {
          batch.push(`${fdDir}/${e.name}`);
          if (++listed >= maxFds) break walk;
          if (batch.length >= BATCH) {
            dispatch(batch);
            batch = [];
            // The held list is bounded like the probe's output: past the limits nothing more is wanted.
            if (overLimits()) break walk;
          }
        }
      } catch {
        // the process exited while its fds were listed: what was listed is stat'ed (and finds nothing)
      } finally {
        try {
          dir.closeSync();
        } catch {
          // already closed by the failed read
        }
      }
    }
    if (batch.length > 0) take(statFds(batch));
    while (received < sent) {
      const seen = Atomics.load(link.posted, 0);
      drain();
      if (received < sent) Atomics.wait(link.posted, 0, seen, 1000);
    }

    /** @type {Buffer[]} */
    const out = [];
    let bytes = 0;
    let records = 0;
    /** @type {'bytes' | 'records' | null} */
    let limitHit = null;
    /** Appends output; false once a limit is passed (the caller stops: the rest would be cut anyway). */
    const put = (/** @type {Buffer[]} */ bufs, /** @type {number} */ terminators) => {
      if (limitHit) return false;
      for (const b of bufs) {
        out.push(b);
        bytes += b.length;
      }
      records += terminators;
      if (bytes > limits.maxBytes) limitHit = 'bytes';
      else if (records > limits.maxRecords) limitHit = 'records';
      return limitHit === null;
    };
    const done = () => ({ out, limitHit });
    /** The probe's own uid and the mount table, in every output. */
    const putSelf = () => {
      /** @type {Buffer[]} */
      const self = [];
      const n = grepZ('/proc/self/status', self) + grepZ('/proc/self/mountinfo', self);
      return put(self, n);
    };
    for (const part of parts) for (const p of part.denied) complaints.push(`find: '${p}': Permission denied\n`);
    put([Buffer.from(complaints.join('')), NUL], 1);
    const held = parts.flatMap((p) => p.lines);
    if (held.length === 0) {
      putSelf();
      return done();
    }
    if (!put([Buffer.from(`${held.join('\n')}\n`), NUL], 1)) return done();
    const pids = new Set(held.map((l) => l.slice(2, l.indexOf('/fd/'))));
    const procs = [...pids];
    const nsLines = namespaceLines(procs);
    if (nsLines.length > 0 && !put([Buffer.from(`${nsLines.join('\n')}\n`), NUL], 1)) return done();
    for (const part of parts) if (part.detail.length > 0 && !put([part.detail], part.detailRecords)) return done();
    for (const proc of pids) {
      /** @type {Buffer[]} */
      const files = [];
      let n = 0;
      for (const f of ['comm', 'stat', 'status', 'cgroup', 'cmdline']) n += grepZ(`${proc}/${f}`, files);
      if (!put(files, n)) return done();
    }
    const inodes = new Set(held.map((l) => l.slice(l.lastIndexOf('\t') + 1)));
    const maps = /** @type {Buffer} */ (mapsBlock);
    const more = [...mountTableReads(procs, nsLines), ...mapperProcs(maps, inodes, pids).flatMap((proc) => [`${proc}/comm`, `${proc}/cgroup`])];
    for (const path of more) {
      /** @type {Buffer[]} */
      const files = [];
      if (!put(files, grepZ(path, files))) return done();
    }
    if (!putSelf()) return done();
    put([maps, NUL], 1);
    return done();
  }

  /** @type {import('node:worker_threads').MessagePort} */ (parentPort).on('message', (/** @type {{ maxBytes: number, maxRecords: number, maxFds?: number }} */ limits) => {
    try {
      const r = scan(limits);
      const all = Buffer.concat(r.out);
      // A fresh ArrayBuffer of exactly this output, moved (not copied) to the caller.
      const ab = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
      /** @type {import('node:worker_threads').MessagePort} */ (parentPort).postMessage({ ok: true, output: ab, limitHit: r.limitHit }, [ab]);
    } catch (err) {
      /** @type {import('node:worker_threads').MessagePort} */ (parentPort).postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
