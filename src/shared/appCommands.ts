// Commands the desktop menu sends to the window (the `app.command` event), and the DOM events the renderer
// raises on `window` for them, so the component that owns a feature (the find box) hooks its event without
// knowing about the menu, and a keyboard shortcut in a browser can raise the same event.
import { z } from 'zod';

export const APP_COMMANDS = ['rescan', 'find'] as const;
export const AppCommandSchema = z.object({ command: z.enum(APP_COMMANDS) });
export type AppCommand = z.infer<typeof AppCommandSchema>['command'];

/** Raised on window when Find is asked for (menu or Ctrl+F): the find box focuses itself. */
export const FIND_REQUEST_EVENT = 'spoolscope:find';
/** Raised on window when Rescan is asked for: the current root is scanned again. */
export const RESCAN_REQUEST_EVENT = 'spoolscope:rescan';
