/**
 * The Electron security policy as plain data and pure decisions (Electron security checklist,
 * https://www.electronjs.org/docs/latest/tutorial/security): the renderer's origin, its CSP,
 * which IPC senders are trusted, and that navigation, new windows and permissions are refused.
 * main.ts only attaches these to Electron events; the tests check them here.
 */

/** The renderer is served from a custom privileged scheme, never from file:// (checklist #18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'splitlens';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for `protocol.registerSchemesAsPrivileged`: a secure standard origin, nothing more. */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  standard: true,
  secure: true,
  supportFetchAPI: true,
  bypassCSP: false,
  corsEnabled: false,
  allowServiceWorkers: false,
  stream: false,
});

/**
 * Content-Security-Policy sent as a header with every renderer file (checklist #7). Only the app's
 * own origin; inline styles are allowed because React Flow positions nodes with style attributes.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
});

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

/** Parses a CSP string into directive → sources (used by tests to audit any CSP). */
export function parseCsp(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** Is this page URL our renderer (custom scheme, our host)? */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * IPC sender check (checklist #17): only the main frame of our own renderer may call the host.
 * Subframes, other schemes (file://, https://, devtools://) and malformed URLs are refused.
 */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && isAppUrl(frameUrl);
}

/** Navigation (checklist #13): the single-page renderer never navigates, so every attempt is refused. */
export function isNavigationAllowed(_targetUrl: string): false {
  return false;
}

/**
 * Hosts whose https links (papers, model cards, source) may open in the user's browser
 * (checklist #15: never pass arbitrary renderer URLs to shell.openExternal).
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = Object.freeze([
  'arxiv.org',
  'github.com',
  'huggingface.co',
  'www.electronjs.org',
  'onnxruntime.ai',
]);

/** The URL to open in the OS browser for a link the renderer tried to open, or null to drop it. */
export function externalLinkTarget(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.username || u.password || u.port) return null;
    return EXTERNAL_LINK_HOSTS.includes(u.hostname) ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * Downloads: only what the page itself made (an export saved through `<a download>` from a blob:
 * or data: URL of our origin); anything else is cancelled.
 */
export function isDownloadAllowed(url: string): boolean {
  if (url.startsWith('data:')) return true;
  if (!url.startsWith('blob:')) return false;
  return isAppUrl(url.slice('blob:'.length));
}

/** `window.open` / target=_blank (checklist #14): never a new Electron window. */
export const WINDOW_OPEN_RESPONSE = Object.freeze({ action: 'deny' as const });

/**
 * Session permission requests and checks (checklist #5): the app needs none of them (camera,
 * notifications, clipboard-read, HID, ...), so every one is refused. Paste still works: a user's
 * paste event carries its data without the clipboard-read permission.
 */
export function isPermissionGranted(_permission: string, _requestingUrl: string): false {
  return false;
}
