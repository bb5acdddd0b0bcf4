// App-wide settings kept by the backend (the state store's app_settings table), not by the page: serve's
// port changes each run, and with it the browser's storage for the page's origin.
import { z } from 'zod';

/** "system" follows prefers-color-scheme in a browser and the desktop's theme in Electron. */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export const ThemeChoiceSchema = z.enum(THEME_CHOICES);
export type ThemeChoice = z.infer<typeof ThemeChoiceSchema>;
export const DEFAULT_THEME: ThemeChoice = 'system';

/** The desktop window's last size and place (screen pixels), restored at the next start. */
export const WindowBoundsSchema = z.object({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof WindowBoundsSchema>;
