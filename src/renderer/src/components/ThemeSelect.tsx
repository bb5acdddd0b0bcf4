// The theme picker in the header: follow the system, or always light, or always dark.
import type { ReactElement } from 'react';
import { ThemeChoiceSchema, type ThemeChoice } from '../../../shared/settingsModels';
import { useThemeStore } from '../theme/themeStore';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeSelect(): ReactElement {
  const choice = useThemeStore((s) => s.choice);
  const saveError = useThemeStore((s) => s.saveError);
  return (
    <label className="theme-select" title={saveError ?? 'Colour theme: System follows the desktop'}>
      <span className="muted">Theme</span>
      <select
        data-testid="theme-select"
        value={choice}
        aria-invalid={saveError ? true : undefined}
        onChange={(e) => {
          const parsed = ThemeChoiceSchema.safeParse(e.target.value);
          if (parsed.success) void useThemeStore.getState().choose(parsed.data);
        }}
      >
        {ThemeChoiceSchema.options.map((c) => (
          <option key={c} value={c}>
            {LABELS[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
