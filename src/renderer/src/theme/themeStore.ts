// The theme: the choice the backend saved (settings.theme.*), the system's preference, and the set they
// resolve to, written on <html> as data-theme (the stylesheet's variables follow it) with the choice as
// data-theme-choice. Another window's change arrives as a settings.theme event.
import { create } from 'zustand';
import { DEFAULT_THEME, type ThemeChoice } from '../../../shared/settingsModels';
import { getApi } from '../api/getApi';
import { DARK_QUERY, resolveTheme, systemPrefersDark, type AppliedTheme } from './resolveTheme';

interface ThemeState {
  choice: ThemeChoice;
  systemDark: boolean;
  applied: AppliedTheme;
  /** Why the last choice could not be saved (it still applies to this window). */
  saveError: string | null;
  /** Reads the saved choice and follows the system and other windows; returns the unsubscribe function. */
  init(): () => void;
  choose(choice: ThemeChoice): Promise<void>;
}

function applyToDocument(applied: AppliedTheme, choice: ThemeChoice): void {
  if (typeof document === 'undefined') return;
  const html = document.documentElement;
  html.dataset.theme = applied;
  html.dataset.themeChoice = choice;
}

/** Before the backend answers: the system's set, so the first paint is not the wrong one on a light desktop. */
export function applyInitialTheme(): void {
  applyToDocument(resolveTheme(DEFAULT_THEME, systemPrefersDark(globalThis.window)), DEFAULT_THEME);
}

export const useThemeStore = create<ThemeState>()((set, get) => {
  const update = (patch: Partial<Pick<ThemeState, 'choice' | 'systemDark' | 'saveError'>>) => {
    const next = { ...get(), ...patch };
    const applied = resolveTheme(next.choice, next.systemDark);
    set({ ...patch, applied });
    applyToDocument(applied, next.choice);
  };
  const systemDark = systemPrefersDark(globalThis.window);
  /** Bumped by each choice, so a slow get reply cannot undo a choice made after it was sent. */
  let seq = 0;
  return {
    choice: DEFAULT_THEME,
    systemDark,
    applied: resolveTheme(DEFAULT_THEME, systemDark),
    saveError: null,
    init() {
      const api = getApi().api;
      const unsubscribe = api.subscribe('settings.theme', ({ theme }) => update({ choice: theme }));
      const asked = seq;
      void api.invoke('settings.theme.get', {}).then((r) => {
        if (r.ok && asked === seq) update({ choice: r.result.theme });
      });
      const media = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
      const onSystem = (e: { matches: boolean }) => update({ systemDark: e.matches });
      media?.addEventListener('change', onSystem);
      update({ systemDark: systemPrefersDark(globalThis.window) });
      return () => {
        unsubscribe();
        media?.removeEventListener('change', onSystem);
      };
    },
    async choose(choice) {
      seq++;
      update({ choice, saveError: null });
      const r = await getApi().api.invoke('settings.theme.set', { theme: choice });
      if (!r.ok) update({ saveError: `The theme could not be saved: ${r.message}` });
    },
  };
});
