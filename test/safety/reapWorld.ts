// The hostile tree of one reap seed (the adversary that acts on it while the executor runs: reapAdversary.ts).
// On a fresh tmpfs (T): a configured root holding a day-partitioned store (YYYY/DDD directories with a SQLite
// file and its -wal/-shm, segments, rotated logs, a subdirectory), rotated logs and a segment directory at its
// top; beside it a canary tree (T/canary) and a place things are moved to (T/aside), both outside the root.
// The seed draws which hostile constructs the tree holds and what the adversary does while the executor runs;
// one class is always in focus (seed modulo the classes), so every class appears in every 50 seeds.
import { execFileSync } from 'node:child_process';
import { closeSync, linkSync, mkdirSync, openSync, renameSync, symlinkSync, utimesSync, writeSync } from 'node:fs';
import { mountLab, type LabMounts } from '../support/labMounts';
import { startPyAgent, type PyAgent } from '../support/pyAgent';
import type { Rng } from '../support/seededRandom';
import { inspect } from '../support/treeSnapshot';
import type { ReapPolicy } from '../../src/shared/reapModels';

export const DAY_S = 86_400;
/** 2026-01-01 00:00 UTC. */
export const YEAR_START = Date.UTC(2026, 0, 1) / 1000;
/** A file this name in /tmp means a name was run as shell text somewhere. */
export const PWNED = 'spoolscope-safety-pwned';

/** The classes of issue 13 this suite draws; each seed focuses on one and may add others. */
export const REAP_CLASSES = [
  'bind-mount',
  'nested-mount',
  'symlink-root',
  'symlink-inside',
  'symlink-swap',
  'hard-link',
  'replaced-file',
  'renamed',
  'late-writer',
  'late-lock',
] as const;
export type ReapClass = (typeof REAP_CLASSES)[number] | 'plan-writer' | 'special-file' | 'hostile-name';

/** Something hostile the generator or the adversary made, to say which class a violation comes from. */
export interface Construct {
  cls: ReapClass;
  what: string;
  /**
   * Paths through which it could make something go (latin1): where it is in the root, and what it leads to
   * (a bind source, a symlink target). A violation at or under one of them is attributed to it.
   */
  paths: string[];
  /** Set point it was made at; null for the tree as planned. */
  at: number | null;
}

/** How the plan's root relates to the configured one. */
export type RootScenario =
  | { kind: 'plain' }
  | { kind: 'subroot-symlink'; target: string }
  | { kind: 'through-symlink' }
  | { kind: 'configured-symlink'; target: string }
  | { kind: 'root-swapped' }
  | { kind: 'root-loop' }
  | { kind: 'configured-through-link' };

/** Files or fds a helper holds in a way the plan must respect. */
export interface HeldByHelper {
  dev: number;
  ino: number;
  path: string;
  how: 'writer' | 'lock';
  /** null: since before the plan. */
  since: number | null;
  pid: number;
}

export interface ReapWorld {
  seed: number;
  focus: ReapClass;
  lab: LabMounts;
  T: string;
  canary: string;
  aside: string;
  /** Where the store physically is (the configured root's physical path at configure time). */
  storeDir: string;
  /** The root as configured (may pass through a symlink in 'configured-through-link'). */
  configured: string[];
  /** The root the plan is asked for. */
  planRoot: string;
  scenario: RootScenario;
  /** dev/ino of the configured root when it was configured. */
  rootId: { dev: number; ino: number };
  policy: ReapPolicy;
  manual: string[] | null;
  constructs: Construct[];
  held: HeldByHelper[];
  /** Raw relative paths (latin1) of the day partitions that have a mirror in the canary tree. */
  mirrored: string[];
  /** Files that are mirrored (relative to the store), for the adversary's file-level swaps. */
  agent: () => Promise<PyAgent>;
  agents: PyAgent[];
  /** Actions drawn for the run; placed at set points once the number of batches is known. */
  actions: AdversaryAction[];
  close(): Promise<void>;
}

export type AdversaryKind =
  | 'swap-partition-symlink'
  | 'swap-year-symlink'
  | 'swap-root-symlink'
  | 'swap-subdir-symlink'
  | 'repoint-configured-link'
  | 'replace-file'
  | 'rename-dir-out'
  | 'rename-dirs-crossed'
  | 'rename-file'
  | 'file-to-symlink'
  | 'late-writer'
  | 'late-lock'
  | 'bind-over'
  | 'tmpfs-over';

export interface AdversaryAction {
  kind: AdversaryKind;
  cls: ReapClass;
  /** Set point it acts at (drawn once the batches are known). */
  at: number;
  /** Draws for its target, fixed up front so the action does not depend on what ran before it. */
  pick: number;
  /** What it did, or why it did nothing (its target was already gone). */
  done: string | null;
}

/** A lab path (latin1 text of raw bytes) as the bytes fs calls take. */
export const B = (p: string) => Buffer.from(p, 'latin1');

/** Writes a file with this content and mtime (seconds). */
export function put(path: string, content: Buffer, mtime: number): void {
  const fd = openSync(B(path), 'w');
  writeSync(fd, content);
  closeSync(fd);
  utimesSync(B(path), mtime, mtime);
}

export function mkdirp(path: string): void {
  mkdirSync(B(path), { recursive: true });
}

/** Names that break anything building shell text or trusting UTF-8; latin1 strings of the raw bytes. */
const HOSTILE_NAMES = [
  'new\nline.log',
  `$(cd;cd ..;cd tmp;touch ${PWNED})\`cd;cd ..;cd tmp;touch ${PWNED}\`.log`,
  "-rf --no-preserve-root 'q\".log",
  Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x0a, 0x2e, 0x6c, 0x6f, 0x67]).toString('latin1'),
  Buffer.from('rtl \u202egol.log', 'utf8').toString('latin1'),
  '*?[glob]\\.log',
  ' lead and trail .log ',
];

/**
 * System directories a root may resolve to. Listing / takes seconds (and, unfixed, plans thousands of
 * partitions), so / is only drawn by the seeds that cycle through the root scenarios, not at random.
 */
const SYSTEM_TARGETS = ['/etc', '/var', '/boot'];
const ROOT_SCENARIOS: RootScenario['kind'][] = ['subroot-symlink', 'configured-symlink', 'root-swapped', 'through-symlink', 'configured-through-link', 'root-loop'];

interface Day {
  rel: string;
  files: string[];
  subdir: string | null;
  mtime: number;
}

/** What a SQLite database file starts with (the rest of the lab's is noise: the reaper goes by names). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

const dayRel = (d: number) => `2026/${String(d).padStart(3, '0')}`;

/** Builds the store's day partitions (oldest first) and top-level partitions under dir. */
function buildStore(rng: Rng, dir: string, days: number[], hostileShare: number): { days: Day[]; top: string[] } {
  const out: Day[] = [];
  for (const d of days) {
    const rel = dayRel(d);
    const base = `${dir}/${rel}`;
    mkdirp(base);
    const mtime = YEAR_START + (d - 1) * DAY_S + DAY_S / 2;
    const files: string[] = [];
    let t = mtime;
    const add = (name: string, bytes: number, into = base, head = Buffer.alloc(0)) => {
      put(`${into}/${name}`, Buffer.concat([head, rng.bytes(bytes - head.length)]), t++);
      files.push(into === base ? name : `${into.slice(base.length + 1)}/${name}`);
    };
    add('logs.sqlite', rng.int(1, 6) * 1024, base, SQLITE_HEADER);
    add('logs.sqlite-wal', rng.int(1, 4) * 1024);
    if (rng.chance(0.6)) add('logs.sqlite-shm', 1024);
    for (let s = 0, n = rng.int(0, 3); s < n; s++) add(`seg-${String(d * 10 + s).padStart(6, '0')}.log`, rng.int(1, 8) * 512);
    for (let s = 0, n = rng.int(0, 2); s < n; s++) add(`app.log.${s + 1}`, rng.int(1, 4) * 700);
    if (rng.chance(hostileShare)) add(rng.pick(HOSTILE_NAMES), 900);
    let subdir: string | null = null;
    if (rng.chance(0.35)) {
      subdir = `${base}/archive`;
      mkdirp(subdir);
      add('old.log.1', 1500, subdir);
      if (rng.chance(0.5)) add('old.log.2.gz', 800, subdir);
      utimesSync(B(subdir), mtime, mtime);
      subdir = 'archive';
    }
    out.push({ rel, files, subdir, mtime });
  }
  // Top-level partitions of other kinds: rotated files and numbered segments, old; a current log (no partition).
  const top: string[] = [];
  const oldest = YEAR_START + (days[0] - 1) * DAY_S;
  for (let i = 1, n = rng.int(1, 3); i <= n; i++) {
    const name = i === 2 ? `app.log.${i}.gz` : `app.log.${i}`;
    put(`${dir}/${name}`, rng.bytes(rng.int(1, 4) * 1000), oldest - i * 3600);
    top.push(name);
  }
  mkdirp(`${dir}/wal`);
  for (let i = 1, n = rng.int(1, 3); i <= n; i++) {
    const name = `wal/seg-${String(i).padStart(6, '0')}.log`;
    put(`${dir}/${name}`, rng.bytes(2048), oldest - 7200 - i * 60);
    top.push(name);
  }
  put(`${dir}/current.log`, rng.bytes(500), YEAR_START + 330 * DAY_S);
  return { days: out, top };
}

/**
 * A canary directory of files with random content and a subdirectory. No symlink inside: bound into a
 * partition, a symlink would make the plan skip that partition, and the bind mount would test nothing.
 */
function buildCanaryDir(rng: Rng, dir: string): string[] {
  mkdirp(`${dir}/sub`);
  const files: string[] = [];
  for (let i = 0, n = rng.int(2, 4); i < n; i++) {
    const name = rng.pick(['notes.txt', 'keep.log', 'data.bin', 'seg-000777.log', 'app.log.1', 'db.sqlite']) + (i ? `.${i}` : '');
    put(`${dir}/${name}`, rng.bytes(rng.int(64, 3000)), YEAR_START + rng.int(1, 200) * DAY_S);
    files.push(`${dir}/${name}`);
  }
  put(`${dir}/sub/deep.log`, rng.bytes(300), YEAR_START + 3 * DAY_S);
  files.push(`${dir}/sub/deep.log`);
  return files;
}

/** mkfifo through the system tool: Node has no call for it. The path is plain text. */
function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

export interface WorldOptions {
  /** The configured root is added through this (the roots.add handler). */
  addRoot(path: string): Promise<void>;
}

export async function buildReapWorld(seed: number, rng: Rng, opts: WorldOptions): Promise<ReapWorld> {
  const focus = REAP_CLASSES[seed % REAP_CLASSES.length];
  const tree = rng.fork('tree');
  const lab = mountLab(24);
  const T = lab.dir;
  const canary = `${T}/canary`;
  const aside = `${T}/aside`;
  mkdirp(aside);
  const constructs: Construct[] = [];
  const held: HeldByHelper[] = [];
  const agents: PyAgent[] = [];
  let agentP: Promise<PyAgent> | null = null;
  const agent = () => (agentP ??= startPyAgent().then((a) => (agents.push(a), a)));
  const world = { seed, focus, lab, T, canary, aside, constructs, held, agents, agent } as Partial<ReapWorld> as ReapWorld;
  world.close = async () => {
    await Promise.all(agents.map((a) => a.stop()));
    lab.unmountAll();
  };

  try {
    // The root scenario: plain most of the time; when the root is the focus, the scenarios in turn (so every
    // 60 seeds see each), the system targets in turn too, / among them.
    const cycle = Math.floor(seed / REAP_CLASSES.length);
    const focused = focus === 'symlink-root';
    const scenarioKind: RootScenario['kind'] = focused ? ROOT_SCENARIOS[cycle % ROOT_SCENARIOS.length] : tree.chance(0.08) ? tree.pick(ROOT_SCENARIOS) : 'plain';
    const systemTarget = focused ? ['/', '/etc', '/var', '/boot'][Math.floor(cycle / ROOT_SCENARIOS.length) % 4] : tree.pick(SYSTEM_TARGETS);
    let scenario: RootScenario = { kind: 'plain' };
    const storeDir = scenarioKind === 'configured-through-link' ? `${T}/real/store` : `${T}/store`;
    mkdirp(storeDir);

    // Canary tree: a few directories of files, and a mirror of some partitions (hard links to the very files
    // planned), the target of every symlink the adversary swaps in.
    const canaryDirs: string[] = [];
    const canaryFiles: string[] = [];
    for (let i = 0, n = tree.int(3, 5); i < n; i++) {
      const d = `${canary}/c${i}`;
      canaryFiles.push(...buildCanaryDir(tree, d));
      canaryDirs.push(d);
    }
    // Symlinks among the canaries too (their targets must not change either), outside the directories bound.
    mkdirp(`${canary}/links`);
    symlinkSync(`${canary}/c0`, B(`${canary}/links/to-c0`));
    symlinkSync('../c1/sub/deep.log', B(`${canary}/links/to-deep`));

    // The store: day partitions, the two newest kept by the floor.
    const nDays = tree.int(6, 10);
    const dayNums = [...new Set(Array.from({ length: nDays }, () => tree.int(1, 280)))].sort((a, b) => a - b);
    const hostileShare = 0.25;
    const built = buildStore(tree, storeDir, [...dayNums, 300, 301], hostileShare);
    const oldDays = built.days.filter((d) => d.rel !== dayRel(300) && d.rel !== dayRel(301));
    for (const d of built.days) for (const f of d.files) if (HOSTILE_NAMES.some((h) => f.endsWith(h))) constructs.push({ cls: 'hostile-name', what: `hostile name ${JSON.stringify(f)}`, paths: [`${storeDir}/${d.rel}/${f}`], at: null });

    // Mirror: T/canary/mirror has the store's layout, with hard links to the files of some day partitions.
    const mirror = `${canary}/mirror`;
    const mirrored: string[] = [];
    for (const d of oldDays) {
      if (!tree.chance(0.6)) continue;
      mkdirp(`${mirror}/${d.rel}`);
      for (const f of d.files) {
        mkdirp(`${mirror}/${d.rel}/${f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : ''}`);
        linkSync(B(`${storeDir}/${d.rel}/${f}`), B(`${mirror}/${d.rel}/${f}`));
      }
      mirrored.push(d.rel);
    }
    mkdirp(`${mirror}/2026`);
    world.mirrored = mirrored;

    // Which old days carry a construct: each at most one, so a violation points at one cause.
    const free = tree.shuffle(oldDays);
    const takeDay = () => free.pop() ?? null;
    const want = (cls: ReapClass, p: number) => focus === cls || tree.chance(p);

    if (want('bind-mount', 0.2)) {
      const d = takeDay();
      if (d) {
        const src = tree.pick(canaryDirs);
        if (tree.chance(0.35)) {
          // The whole partition directory is a bind mount of a canary directory.
          lab.bind(src, `${storeDir}/${d.rel}`);
          constructs.push({ cls: 'bind-mount', what: `${d.rel} is a bind mount of ${src}`, paths: [`${storeDir}/${d.rel}`, src], at: null });
        } else {
          const mp = `${storeDir}/${d.rel}/${tree.pick(['spill', 'archive2', 'x'])}`;
          mkdirp(mp);
          lab.bind(src, mp);
          constructs.push({ cls: 'bind-mount', what: `bind mount of ${src} inside ${d.rel}`, paths: [mp, src], at: null });
        }
      }
    }
    if (want('nested-mount', 0.15)) {
      const d = takeDay();
      if (d) {
        const whole = tree.chance(0.3);
        const mp = whole ? `${storeDir}/${d.rel}` : `${storeDir}/${d.rel}/tmp`;
        if (!whole) mkdirp(mp);
        lab.tmpfs(mp);
        put(`${mp}/inner.log.1`, tree.bytes(700), d.mtime - 10);
        put(`${mp}/logs.sqlite`, tree.bytes(900), d.mtime - 11);
        constructs.push({ cls: 'nested-mount', what: `tmpfs mounted ${whole ? 'on' : 'inside'} ${d.rel}`, paths: [mp], at: null });
      }
    }
    if (want('symlink-inside', 0.3)) {
      for (let i = 0, n = tree.int(1, 3); i < n; i++) {
        const kind = tree.pick(['file', 'dir', 'partition', 'loop', 'loop-pair', 'slash', 'up', 'year'] as const);
        if (kind === 'partition') {
          // A day directory that is itself a symlink to a canary directory.
          const rel = dayRel(tree.int(281, 290));
          const target = tree.pick(canaryDirs);
          if (inspect(`${storeDir}/${rel}`, false)) continue;
          symlinkSync(target, B(`${storeDir}/${rel}`));
          constructs.push({ cls: 'symlink-inside', what: `day ${rel} is a symlink to ${target}`, paths: [`${storeDir}/${rel}`, target], at: null });
          continue;
        }
        if (kind === 'year') {
          // A year directory that is a symlink to a canary holding day directories.
          const target = `${canary}/year`;
          if (inspect(target)) continue;
          mkdirp(`${target}/001`);
          put(`${target}/001/logs.sqlite`, tree.bytes(800), YEAR_START - 300 * DAY_S);
          symlinkSync(target, B(`${storeDir}/2025`));
          constructs.push({ cls: 'symlink-inside', what: `year 2025 is a symlink to ${target}`, paths: [`${storeDir}/2025`, target], at: null });
          continue;
        }
        const d = takeDay();
        if (!d) break;
        const at = `${storeDir}/${d.rel}`;
        const cf = tree.pick(canaryFiles);
        const made: Record<typeof kind, () => [string, string]> = {
          file: () => (symlinkSync(cf, B(`${at}/link.log`)), [`${at}/link.log`, `symlink to canary file ${cf}`]),
          dir: () => {
            const t = tree.pick(canaryDirs);
            symlinkSync(t, B(`${at}/logs`));
            return [`${at}/logs`, `symlink to canary dir ${t}`];
          },
          loop: () => (symlinkSync('.', B(`${at}/loop`)), [`${at}/loop`, 'symlink loop to itself (.)']),
          'loop-pair': () => (symlinkSync('b', B(`${at}/a`)), symlinkSync('a', B(`${at}/b`)), [`${at}/a`, 'symlink loop a -> b -> a']),
          slash: () => (symlinkSync('/', B(`${at}/slash`)), [`${at}/slash`, 'symlink to /']),
          up: () => (symlinkSync('../../..', B(`${at}/up`)), [`${at}/up`, 'symlink to ../../.. (the lab)']),
        };
        const [p, what] = made[kind]();
        constructs.push({ cls: 'symlink-inside', what: `${d.rel}: ${what}`, paths: [p, ...(kind === 'file' ? [cf] : [])], at: null });
      }
    }
    if (want('hard-link', 0.4)) {
      for (let i = 0, n = tree.int(1, 3); i < n; i++) {
        const d = tree.pick(oldDays);
        const cf = tree.pick(canaryFiles);
        const name = `hl-${i}-${cf.slice(cf.lastIndexOf('/') + 1)}`;
        const p = `${storeDir}/${d.rel}/${name}`;
        if (inspect(p)) continue;
        try {
          linkSync(B(cf), B(p));
        } catch {
          continue; // the day is a mount point now (bind or tmpfs): links do not cross it
        }
        // Only the link in the root can be a cause: unlinking it never touches the canary's own name.
        constructs.push({ cls: 'hard-link', what: `canary ${cf} hard-linked as ${d.rel}/${name}`, paths: [p], at: null });
      }
    }
    if (tree.chance(0.15)) {
      const d = takeDay();
      if (d) {
        mkfifo(`${storeDir}/${d.rel}/pipe`);
        constructs.push({ cls: 'special-file', what: `FIFO in ${d.rel}`, paths: [`${storeDir}/${d.rel}/pipe`], at: null });
      }
    }
    if (tree.chance(0.15)) {
      // A writer or a lock there at plan time: the plan must skip that partition.
      const d = takeDay();
      if (d) {
        const f = `${storeDir}/${d.rel}/${tree.pick(d.files)}`;
        const a = await agent();
        const lock = tree.chance(0.5);
        const fd = await a.open(B(f), lock ? ['rdonly'] : ['wronly', 'append']);
        if (lock) await a.flock(fd);
        const st = inspect(f)!;
        held.push({ dev: st.dev, ino: st.ino, path: f, how: lock ? 'lock' : 'writer', since: null, pid: a.pid });
        constructs.push({ cls: 'plan-writer', what: `${lock ? 'flock' : 'writer'} on ${f.slice(storeDir.length + 1)} since before the plan`, paths: [f], at: null });
      }
    }

    // Configure the root (its identity recorded now), then make the root scenario.
    let configuredPath = storeDir;
    let planRoot = storeDir;
    if (scenarioKind === 'configured-through-link') {
      symlinkSync(`${T}/real`, B(`${T}/link`));
      configuredPath = `${T}/link/store`;
      planRoot = configuredPath;
      scenario = { kind: 'configured-through-link' };
      mkdirp(`${canary}/linkparent`);
      symlinkSync(mirror, B(`${canary}/linkparent/store`));
    }
    const configured = [configuredPath];
    const rootSt = inspect(storeDir)!;
    world.rootId = { dev: rootSt.dev, ino: rootSt.ino };
    await opts.addRoot(configuredPath);

    // A canary that looks like a store, for the escapes to land in.
    const fakeStore = (dir: string) => {
      buildStore(tree.fork('fake'), dir, [tree.int(1, 100), tree.int(101, 200), 302, 303], 0);
    };
    switch (scenarioKind) {
      case 'subroot-symlink': {
        const target = (focused ? Math.floor(cycle / ROOT_SCENARIOS.length) % 2 === 0 : tree.chance(0.5)) ? `${canary}/appstore` : systemTarget;
        if (target.startsWith(canary)) fakeStore(target);
        symlinkSync(target, B(`${storeDir}/app`));
        planRoot = `${storeDir}/app`;
        scenario = { kind: 'subroot-symlink', target };
        constructs.push({ cls: 'symlink-root', what: `plan root ${planRoot} is a symlink to ${target}`, paths: [planRoot, target], at: null });
        break;
      }
      case 'through-symlink': {
        fakeStore(`${canary}/deep/store2`);
        symlinkSync(`${canary}/deep`, B(`${storeDir}/via`));
        planRoot = `${storeDir}/via/store2`;
        scenario = { kind: 'through-symlink' };
        constructs.push({ cls: 'symlink-root', what: `plan root ${planRoot} passes through symlink via -> ${canary}/deep`, paths: [`${storeDir}/via`, `${canary}/deep`], at: null });
        break;
      }
      case 'configured-symlink': {
        // A configured root that is a symlink to a system directory, or to /.
        const target = systemTarget;
        const link = `${T}/sysroot`;
        symlinkSync(target, B(link));
        await opts.addRoot(link);
        configured.push(link);
        planRoot = link;
        scenario = { kind: 'configured-symlink', target };
        constructs.push({ cls: 'symlink-root', what: `configured root ${link} is a symlink to ${target}`, paths: [link, target], at: null });
        break;
      }
      case 'root-swapped': {
        // Configured as a real directory; swapped for a symlink to a canary store before the plan.
        fakeStore(`${canary}/appstore`);
        renameSync(B(storeDir), B(`${aside}/store-real`));
        symlinkSync(`${canary}/appstore`, B(storeDir));
        scenario = { kind: 'root-swapped' };
        constructs.push({ cls: 'symlink-root', what: `configured root swapped for a symlink to ${canary}/appstore after it was configured`, paths: [storeDir, `${canary}/appstore`, `${aside}/store-real`], at: null });
        break;
      }
      case 'root-loop': {
        symlinkSync('loop', B(`${storeDir}/loop`));
        planRoot = `${storeDir}/loop`;
        scenario = { kind: 'root-loop' };
        constructs.push({ cls: 'symlink-root', what: 'plan root is a symlink loop', paths: [planRoot], at: null });
        break;
      }
      default:
        break;
    }
    world.storeDir = scenarioKind === 'root-swapped' ? `${aside}/store-real` : storeDir;
    world.configured = configured;
    world.planRoot = planRoot;
    world.scenario = scenario;

    // The policy: everything past the floor, or an age, or partitions picked by hand.
    const pol = tree.int(0, 9);
    world.policy = { maxBytes: pol < 6 ? 0 : null, maxAgeDays: pol >= 6 && pol < 8 ? 30 : null, keepNewest: 2 };
    world.manual = null;
    if (pol >= 8) {
      const picks = tree.some([...oldDays.map((d) => d.rel), ...built.top], tree.int(2, 6));
      world.manual = picks;
      if (world.policy.maxBytes === null && world.policy.maxAgeDays === null) world.policy = { maxBytes: null, maxAgeDays: null, keepNewest: 2 };
    }

    // The adversary's actions, drawn now (helpers it needs start early); their set points once batches are known.
    const adv = rng.fork('adversary');
    const actions: AdversaryAction[] = [];
    const kinds: { kind: AdversaryKind; cls: ReapClass }[] = [
      { kind: 'swap-partition-symlink', cls: 'symlink-swap' },
      { kind: 'swap-year-symlink', cls: 'symlink-swap' },
      { kind: 'swap-root-symlink', cls: 'symlink-swap' },
      { kind: 'swap-subdir-symlink', cls: 'symlink-swap' },
      { kind: 'replace-file', cls: 'replaced-file' },
      { kind: 'file-to-symlink', cls: 'replaced-file' },
      { kind: 'rename-dir-out', cls: 'renamed' },
      { kind: 'rename-dirs-crossed', cls: 'renamed' },
      { kind: 'rename-file', cls: 'renamed' },
      { kind: 'late-writer', cls: 'late-writer' },
      { kind: 'late-lock', cls: 'late-lock' },
      { kind: 'bind-over', cls: 'bind-mount' },
      { kind: 'tmpfs-over', cls: 'nested-mount' },
    ];
    if (scenarioKind === 'configured-through-link') kinds.push({ kind: 'repoint-configured-link', cls: 'symlink-swap' });
    const focusKinds = kinds.filter((k) => k.cls === focus);
    if (focusKinds.length > 0 && (focus !== 'bind-mount' && focus !== 'nested-mount' ? true : adv.chance(0.5))) {
      const k = adv.pick(focusKinds);
      actions.push({ ...k, at: -1, pick: adv.float(), done: null });
    }
    if (scenarioKind === 'configured-through-link') actions.push({ kind: 'repoint-configured-link', cls: 'symlink-swap', at: -1, pick: adv.float(), done: null });
    for (let i = 0, n = adv.int(0, 3); i < n; i++) {
      const k = adv.pick(kinds);
      actions.push({ ...k, at: -1, pick: adv.float(), done: null });
    }
    world.actions = actions;
    if (actions.some((a) => a.kind === 'late-writer' || a.kind === 'late-lock')) void agent();
    return world;
  } catch (err) {
    await world.close();
    throw err;
  }
}
