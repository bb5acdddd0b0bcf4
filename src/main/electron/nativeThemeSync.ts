// Electron's own theme (menus, dialogs, title bar, and prefers-color-scheme in the page) follows the theme
// saved by the backend: "system" hands the choice back to the desktop.
import type { NativeTheme } from 'electron';
import type { ThemeChoice } from '../../shared/settingsModels';
import type { EventHub } from '../rpc/eventHub';

export function followSavedTheme(nativeTheme: Pick<NativeTheme, 'themeSource'>, events: Pick<EventHub, 'listen'>, saved: ThemeChoice): () => void {
  nativeTheme.themeSource = saved;
  return events.listen((name, payload) => {
    if (name === 'settings.theme') nativeTheme.themeSource = (payload as { theme: ThemeChoice }).theme;
  });
}
