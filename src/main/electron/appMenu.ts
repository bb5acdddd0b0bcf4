// The desktop menu: Rescan and Find go to the window as app.command events (the renderer raises them as
// DOM events for the component that owns each), zoom and quit are Electron's own roles, About shows the
// version. The template is plain data, so a test reads accelerators and fires clicks without Electron.
import type { Menu, MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../shared/appCommands';

export interface AppMenuActions {
  /** Sends a command to the window. */
  command(command: AppCommand): void;
  about(): void;
}

export function appMenuTemplate(actions: AppMenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ label: 'Spoolscope', submenu: [{ label: 'About Spoolscope', click: () => actions.about() }, { type: 'separator' as const }, { role: 'quit' as const }] }] : []),
    {
      label: 'File',
      submenu: [
        { id: 'rescan', label: 'Rescan', accelerator: 'CmdOrCtrl+R', click: () => actions.command('rescan') },
        { type: 'separator' },
        mac ? { role: 'close' } : { id: 'quit', role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        { id: 'find', label: 'Find…', accelerator: 'CmdOrCtrl+F', click: () => actions.command('find') },
      ],
    },
    {
      label: 'View',
      submenu: [
        // CmdOrCtrl+= is the key a user presses for "+" without Shift on most layouts.
        { id: 'zoom-in', role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
        { id: 'zoom-out', role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
        { id: 'zoom-reset', role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Help', submenu: [{ id: 'about', label: 'About Spoolscope', click: () => actions.about() }] },
  ];
}

export function installAppMenu(menu: Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>, actions: AppMenuActions): void {
  menu.setApplicationMenu(menu.buildFromTemplate(appMenuTemplate(actions)));
}
