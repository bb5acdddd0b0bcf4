// Which paths a sources analysis may read. A terminal user may point at any path (they could read it
// anyway); the window and the browser only inside a configured root of the node, so a compromised renderer
// cannot turn the analysis into a file reader for the whole node.
import { RpcError } from '../../../shared/rpcResult';
import { normalizeRootPathLenient } from '../../../shared/rootPath';
import { isInsideRoot } from '../../core/common/rootScope';
import type { CallContext } from '../../rpc/dispatcher';

/** The path, when it is a configured root or inside one; otherwise a refusal that says what to do. */
export function requireInsideRoots(path: string, roots: readonly string[]): string {
  // Before normalizing, which would resolve the ".." away: such a path is refused, not reinterpreted.
  if (path.split('/').includes('..')) throw new RpcError('bad_request', `${path}: ".." is not allowed in a path`);
  const p = normalizeRootPathLenient(path);
  const ok = roots.map(normalizeRootPathLenient).some((r) => isInsideRoot(p, r));
  if (!ok) throw new RpcError('bad_request', `${path} is not inside a configured root: add its root first`);
  return p;
}

/** The path to analyse for this front door, or a bad_request naming why not. */
export function analysablePath(frontDoor: CallContext['frontDoor'], path: string, roots: readonly string[]): string {
  return frontDoor === 'cli' ? path : requireInsideRoots(path, roots);
}
