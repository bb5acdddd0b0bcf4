// Keeps the node view's filesystem list fresh, so a filesystem mounted after the window opened appears and
// a full one is never missing: re-read every 5 s for this machine and every 15 s for an SSH node (each
// read is a df over its connection), only while the page is visible (Page Visibility API), and at once
// when it becomes visible again. The next read is timed from the end of the one before, and nodeStore
// keeps one request in flight, so a slow node never piles reads up.
import { LOCAL_NODE } from '../../../shared/nodeNames';
import { currentNode } from './navStore';
import { useNodeStore } from './nodeStore';

export const LOCAL_FILESYSTEMS_MS = 5_000;
export const SSH_FILESYSTEMS_MS = 15_000;

export function filesystemsIntervalMs(node: string): number {
  return node === LOCAL_NODE ? LOCAL_FILESYSTEMS_MS : SSH_FILESYSTEMS_MS;
}

function pageHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/** Starts re-reading the current node's filesystems; returns the stop. The first read is the caller's. */
export function pollFilesystems(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const clear = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const schedule = () => {
    clear();
    if (stopped || pageHidden()) return;
    timer = setTimeout(() => void read(), filesystemsIntervalMs(currentNode()));
  };
  const read = async () => {
    clear();
    try {
      await useNodeStore.getState().refreshFilesystems();
    } catch (err) {
      // Shown where a failed reply is; the next tick tries again.
      useNodeStore.setState({ filesystemsError: err instanceof Error ? err.message : String(err) });
    }
    schedule();
  };
  const onVisibility = () => {
    if (pageHidden()) clear();
    else if (!stopped) void read();
  };

  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);
  schedule();
  return () => {
    stopped = true;
    clear();
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
  };
}
