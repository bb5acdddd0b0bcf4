// Types for scripts/electronBinary.js (plain Node ESM, imported by tests).
export declare const MISSING_ELECTRON_MESSAGE: string;

export type ElectronBinary =
  | { ok: true; path: string; version: string; packageDir: string }
  | { ok: false; reason: string; version?: string; packageDir?: string };

export type StartPlan =
  | { action: 'missing'; message: string }
  | { action: 'launch'; electronPath: string; electronVersion: string; nativeBinding: string; needsNativeBuild: boolean };

export declare function electronPackageDir(appRoot: string, env?: Record<string, string | undefined>): string | null;
export declare function locateElectronBinary(packageDir: string | null, env?: Record<string, string | undefined>): ElectronBinary;
export declare function downloadElectron(
  packageDir: string,
  options?: { env?: Record<string, string | undefined>; slowMs?: number; timeoutMs?: number; onSlow?: () => void },
): Promise<boolean>;
export declare function nativeBindingPath(appRoot: string, electronVersion: string): string;
export declare function planStart(appRoot: string, binary: ElectronBinary): StartPlan;
