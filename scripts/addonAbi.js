// Which Node ABI (NODE_MODULE_VERSION) a native addon was built for, read from the registration symbol
// node-gyp's NODE_MODULE macro exports (`node_register_module_v<N>`). @electron/rebuild can end with a
// build for the running Node's ABI when Electron's headers cannot be downloaded; Electron would refuse it
// at start, so a build for the wrong ABI is caught before it is kept or packaged.
import { readFileSync } from 'node:fs';

/**
 * The ABI number, or null when the file names none (an N-API addon, or not an addon).
 * @param {string} path
 * @returns {number | null}
 */
export function addonAbi(path) {
  const m = /node_register_module_v(\d+)/.exec(readFileSync(path).toString('latin1'));
  return m ? Number(m[1]) : null;
}
