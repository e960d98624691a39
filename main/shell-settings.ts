/**
 * Shell preferences kept in `settings.json` in userData (for now the theme choice, which main
 * applies through nativeTheme so the renderer's prefers-color-scheme follows it).
 */
import { z } from 'zod';

export const SETTINGS_FILE = 'settings.json';

export const shellSettingsSchema = z.strictObject({
  version: z.literal(1),
  theme: z.enum(['system', 'light', 'dark']),
});

export type ShellSettings = z.output<typeof shellSettingsSchema>;

export const DEFAULT_SETTINGS: ShellSettings = Object.freeze({ version: 1, theme: 'system' });
