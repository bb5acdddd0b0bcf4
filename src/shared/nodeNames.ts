// Names every layer agrees on: the node that is this machine, and the roots every node starts with.

/** The node name of this machine (no SSH); every request without a node means it. */
export const LOCAL_NODE = 'local';

/** Every node starts with these roots; the user can remove them (and that sticks). */
export const DEFAULT_ROOTS: readonly string[] = ['/var/log'];

/**
 * What an imported scan (an ncdu export) is kept under instead of a node: `import:<label>`. An export does not
 * name its host, and the prefix keeps an import apart from any live node's scans.
 */
export const IMPORT_LABEL_PREFIX = 'import:';

/** Why nothing runs on an import: the reason every action on an `import:` label is refused with. */
export const IMPORT_ACTIONS_DISABLED = 'imported from an ncdu export, not scanned live: reaping, reclaiming, sources and rescans need the node itself';
