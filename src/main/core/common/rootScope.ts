// Whether a path is a root or lies under it: the one test that bounds what may be analysed or reaped.
// Both are normalized already (no trailing slash but on "/").
export function isInsideRoot(path: string, root: string): boolean {
  return path === root || path.startsWith(root === '/' ? '/' : `${root}/`);
}
