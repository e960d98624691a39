/** Types for electron-binary.mjs. */
export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };
export function findElectronBinary(root: string): ElectronBinary;
