// Help > About: the version the app was built as (package.json, through app.getVersion()) and what it runs on.
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';

export interface AboutFacts {
  version: string;
  /** process.versions: electron, chrome, node. */
  versions: Partial<Record<'electron' | 'chrome' | 'node', string>>;
}

export function aboutBoxOptions(facts: AboutFacts): MessageBoxOptions {
  const runtime = (['electron', 'chrome', 'node'] as const)
    .filter((k) => facts.versions[k])
    .map((k) => `${k[0].toUpperCase()}${k.slice(1)} ${facts.versions[k]}`)
    .join(' · ');
  return {
    type: 'info',
    title: 'About Spoolscope',
    message: `Spoolscope ${facts.version}`,
    detail: `See and safely reclaim the disk that logs and spools are eating, on this machine or over SSH.\n\n${runtime}`,
    buttons: ['OK'],
    noLink: true,
  };
}

export function showAboutBox(dialog: Pick<Dialog, 'showMessageBox'>, parent: BrowserWindow | null, facts: AboutFacts): Promise<unknown> {
  const options = aboutBoxOptions(facts);
  return parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options);
}
