// Types for scripts/addonAbi.js (plain Node ESM, imported by tests).
/** The Node ABI (NODE_MODULE_VERSION) a native addon registers for, or null when it names none. */
export function addonAbi(path: string): number | null;
