/**
 * The Electron fuses flipped in the packaged binary (Electron security checklist #19), in
 * electron-builder's `electronFuses` spelling. electron-builder.yml carries the same values; a
 * test checks they agree, so the policy lives here and the yml cannot drift from it.
 * https://www.electronjs.org/docs/latest/tutorial/fuses
 */

export const REQUIRED_FUSES = Object.freeze({
  /** ELECTRON_RUN_AS_NODE must not turn the app into a general Node.js runtime. */
  runAsNode: false,
  /** Cookies on disk encrypted with the OS keychain. */
  enableCookieEncryption: true,
  /** NODE_OPTIONS / NODE_EXTRA_CA_CERTS ignored: no code injection through the environment. */
  enableNodeOptionsEnvironmentVariable: false,
  /** --inspect and SIGUSR1 ignored: no debugger attached to a shipped app. */
  enableNodeCliInspectArguments: false,
  /** app.asar checked against the hash embedded at build time (macOS, Windows). */
  enableEmbeddedAsarIntegrityValidation: true,
  /** Load the app only from app.asar, so the integrity check cannot be sidestepped. */
  onlyLoadAppFromAsar: true,
  /** file:// pages get no extra privileges: the renderer is served from app:// (app-protocol.ts). */
  grantFileProtocolExtraPrivileges: false,
});

export type FuseName = keyof typeof REQUIRED_FUSES;
