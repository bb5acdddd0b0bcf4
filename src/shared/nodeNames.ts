// Names every layer agrees on: the node that is this machine, and the roots every node starts with.

/** The node name of this machine (no SSH); every request without a node means it. */
export const LOCAL_NODE = 'local';

/** Every node starts with these roots; the user can remove them (and that sticks). */
export const DEFAULT_ROOTS: readonly string[] = ['/var/log'];
