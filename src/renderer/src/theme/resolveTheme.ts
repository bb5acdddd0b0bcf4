// Which colour set a theme choice shows: "system" takes the desktop's (prefers-color-scheme, which in
// Electron follows nativeTheme), the others are what they say.
import type { ThemeChoice } from '../../../shared/settingsModels';

export type AppliedTheme = 'light' | 'dark';

export function resolveTheme(choice: ThemeChoice, systemPrefersDark: boolean): AppliedTheme {
  if (choice === 'system') return systemPrefersDark ? 'dark' : 'light';
  return choice;
}

export const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Dark when the environment cannot say (no matchMedia): the set the app was designed in first. */
export function systemPrefersDark(win: Pick<Window, 'matchMedia'> | undefined): boolean {
  if (!win || typeof win.matchMedia !== 'function') return true;
  return win.matchMedia(DARK_QUERY).matches;
}
