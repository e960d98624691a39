// Types of what eslint.config.js exports besides the config, for scripts/lint-boundaries.test.ts.
import type { Linter } from 'eslint';

export const SRC_LAYERS: readonly (readonly string[])[];
export const TEST_ONLY_FOLDERS: readonly string[];
declare const config: Linter.Config[];
export default config;
