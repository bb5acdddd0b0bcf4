// The shape of window.__spoolscopeTreemap, without DOM types, so the end-to-end tests (Node, no DOM lib)
// read the same declaration the renderer publishes.

export interface DrawnTile {
  key: string;
  path: string;
  name: string;
  kind: string;
  partition: string | null;
  /** A filled tile; false for a directory drawn as a container with a header band. */
  leaf: boolean;
  depth: number;
  x: number;
  y: number;
  w: number;
  h: number;
  area: number;
  allocatedBytes: number;
  /** Held tiles (kind 'held', hatched): the holding process and the tile's label. */
  pid: number | null;
  label: string | null;
  hatched: boolean;
}

export interface TreemapDebug {
  root: string | null;
  focusPath: string;
  selectedKey: string | null;
  width: number;
  height: number;
  devicePixelRatio: number;
  /** Bumped on every paint. */
  paints: number;
  tiles: DrawnTile[];
}
