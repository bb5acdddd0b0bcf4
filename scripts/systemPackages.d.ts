// Types for scripts/systemPackages.js (plain Node ESM, imported by tests).
export declare const DPKG_STATUS_FORMAT: string;
export declare const APT_ENV: Record<string, string>;

export type PackageStep =
  | { action: 'none' }
  | { action: 'stop'; message: string }
  | { action: 'install'; announce: string; steps: { cmd: string; args: string[] }[] };

export declare function parsePackageList(text: string): string[];
export declare function dpkgQueryArgs(packages: string[]): string[];
export declare function missingPackages(wanted: string[], dpkgQueryStdout: string): string[];
export declare function aptUpdateArgs(): string[];
export declare function aptInstallArgs(packages: string[]): string[];
export declare function sudoInstallCommand(packages: string[]): string;
export declare function commandLine(env: Record<string, string>, cmd: string, args: string[]): string;
export declare function planPackageStep(options: { missing: string[]; isRoot: boolean; listPath: string }): PackageStep;
export declare function notRootMessage(missing: string[], listPath: string): string;
export declare function aptFailedMessage(options: {
  cmd: string;
  args: string[];
  status: number | null;
  signal?: string | null;
  output: string;
  tailLines?: number;
}): string;
export declare function stillMissingMessage(missing: string[], installArgs: string[]): string;
export declare function cannotCheckLine(listPath: string, why: string): string;
export declare function lastLines(text: string, n: number): string[];

export declare const UNPACKED_CACHE_DIR: string;
export declare const UNPACKED_MARKER: string;
export declare const SUDO_UNPACK_COMMAND: string;

export type UnpackStep =
  | { action: 'none' }
  | { action: 'stop'; message: string }
  | { action: 'unpack'; announce: string; steps: { cmd: string; args: string[] }[] };

export declare function missingUnpacked(wanted: string[], hasMarker: (name: string) => boolean): string[];
export declare function aptDownloadArgs(packages: string[]): string[];
export declare function dpkgDebExtractArgs(debFile: string, dir: string): string[];
export declare function debPackageName(fileName: string): string | null;
export declare function planUnpackStep(options: { missing: string[]; isRoot: boolean; listPath: string; aptUpdated: boolean }): UnpackStep;
export declare function notRootUnpackMessage(missing: string[], listPath: string): string;
export declare function notDownloadedMessage(missing: string[], downloadArgs: string[]): string;
