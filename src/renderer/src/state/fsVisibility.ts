// Which filesystems the panel hides until "show all": kernel pseudo filesystems and tiny ones, which said
// nothing about logs and pushed the full one off the screen (/dev, /sys/fs/cgroup, a 4 KiB tmpfs).
// shownFilesystems never hides one that holds a root or is named by an alert, whatever this says.
import type { Filesystem } from '../../../shared/models';

/** Below this a filesystem holds no logs worth a card (a tmpfs for a socket or a credential). */
export const TINY_FILESYSTEM_BYTES = 1024 * 1024;

/** Kernel and virtual filesystems: their sizes are RAM or nothing, never log storage. */
const PSEUDO_TYPES: ReadonlySet<string> = new Set([
  'devtmpfs',
  'devpts',
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'securityfs',
  'pstore',
  'efivarfs',
  'bpf',
  'tracefs',
  'debugfs',
  'configfs',
  'fusectl',
  'mqueue',
  'hugetlbfs',
  'autofs',
  'binfmt_misc',
  'nsfs',
  'rpc_pipefs',
]);

/** Mount points whose filesystems are the kernel's, whatever their type says (a tmpfs on /sys/fs/cgroup). */
const PSEUDO_MOUNTS = ['/dev', '/sys', '/proc'];

function under(mount: string, dir: string): boolean {
  return mount === dir || mount.startsWith(`${dir}/`);
}

/**
 * True for a pseudo filesystem (by type, or mounted at /dev, /sys, /proc or below them: /dev/shm is memory,
 * listed apart by hidden usage) or one smaller than 1 MiB.
 */
export function isPseudoOrTiny(fs: Filesystem): boolean {
  if (PSEUDO_TYPES.has(fs.fstype)) return true;
  if (fs.sizeBytes < TINY_FILESYSTEM_BYTES) return true;
  return PSEUDO_MOUNTS.some((dir) => under(fs.mount, dir));
}
