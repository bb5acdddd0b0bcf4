// The desktop menu as data: each command's accelerator, what its click does (Rescan and Find go to the
// window as app.command, zoom and quit are Electron's roles), and the About box's version from package.json.
import { readFileSync } from 'node:fs';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate, installAppMenu } from '../../../src/main/electron/appMenu';
import { aboutBoxOptions, showAboutBox } from '../../../src/main/electron/aboutBox';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((top) => [top, ...(Array.isArray(top.submenu) ? items(top.submenu) : [])]);
}
const byId = (template: MenuItemConstructorOptions[], id: string) => items(template).find((i) => i.id === id);
const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();

describe('application menu', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    it(`has Rescan, Find, zoom in/out/reset, Quit and About with accelerators (${platform})`, () => {
      const t = appMenuTemplate({ command: vi.fn(), about: vi.fn() }, platform);
      expect(byId(t, 'rescan')).toMatchObject({ label: 'Rescan', accelerator: 'CmdOrCtrl+R' });
      expect(byId(t, 'find')).toMatchObject({ accelerator: 'CmdOrCtrl+F' });
      expect(byId(t, 'zoom-in')).toMatchObject({ role: 'zoomIn', accelerator: 'CmdOrCtrl+=' });
      expect(byId(t, 'zoom-out')).toMatchObject({ role: 'zoomOut', accelerator: 'CmdOrCtrl+-' });
      expect(byId(t, 'zoom-reset')).toMatchObject({ role: 'resetZoom', accelerator: 'CmdOrCtrl+0' });
      expect(items(t).some((i) => i.role === 'quit')).toBe(true);
      expect(byId(t, 'about')).toBeDefined();
      // No accelerator is bound twice.
      const accelerators = items(t).map((i) => i.accelerator).filter(Boolean);
      expect(new Set(accelerators).size).toBe(accelerators.length);
    });
  }

  it('quits with Ctrl+Q on Linux', () => {
    expect(byId(appMenuTemplate({ command: vi.fn(), about: vi.fn() }, 'linux'), 'quit')).toMatchObject({ role: 'quit', accelerator: 'CmdOrCtrl+Q' });
  });

  it('sends rescan and find to the window and opens About on their clicks', () => {
    const actions = { command: vi.fn(), about: vi.fn() };
    const t = appMenuTemplate(actions, 'linux');
    click(byId(t, 'rescan'));
    click(byId(t, 'find'));
    expect(actions.command.mock.calls).toEqual([['rescan'], ['find']]);
    click(byId(t, 'about'));
    expect(actions.about).toHaveBeenCalledTimes(1);
  });

  it('installs the built menu as the application menu', () => {
    const built = { built: true };
    const menu = { buildFromTemplate: vi.fn(() => built), setApplicationMenu: vi.fn() };
    installAppMenu(menu as never, { command: vi.fn(), about: vi.fn() });
    expect(menu.buildFromTemplate).toHaveBeenCalledWith(expect.arrayContaining([expect.objectContaining({ label: 'File' })]));
    expect(menu.setApplicationMenu).toHaveBeenCalledWith(built);
  });
});

describe('About box', () => {
  it('names the version and what it runs on', () => {
    const o = aboutBoxOptions({ version: pkg.version, versions: { electron: '45.1.0', chrome: '142.0', node: '22.20.0' } });
    expect(o.message).toBe(`Spoolscope ${pkg.version}`);
    expect(o.detail).toContain('Electron 45.1.0 · Chrome 142.0 · Node 22.20.0');
  });

  it('opens over the window when there is one', async () => {
    const dialog = { showMessageBox: vi.fn(() => Promise.resolve({ response: 0 })) };
    const parent = { id: 1 };
    await showAboutBox(dialog as never, parent as never, { version: '1.2.3', versions: {} });
    expect(dialog.showMessageBox).toHaveBeenCalledWith(parent, expect.objectContaining({ message: 'Spoolscope 1.2.3' }));
    await showAboutBox(dialog as never, null, { version: '1.2.3', versions: {} });
    expect(dialog.showMessageBox).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'About Spoolscope' }));
  });
});
