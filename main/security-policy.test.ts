import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  EXTERNAL_LINK_HOSTS,
  RENDERER_ENTRY_URL,
  WINDOW_OPEN_RESPONSE,
  externalLinkTarget,
  isDownloadAllowed,
  isNavigationAllowed,
  isPermissionGranted,
  isTrustedSender,
  parseCsp,
} from './security-policy.js';

/** Every source a CSP may name: keywords, our own origin, data:/blob: — never a remote origin. */
function auditCsp(csp: string): string[] {
  const problems: string[] = [];
  const d = parseCsp(csp);
  for (const [name, sources] of d) {
    for (const s of sources) {
      if (s === "'unsafe-eval'" || s === "'wasm-unsafe-eval'" || s === "'unsafe-hashes'")
        problems.push(`${name} allows ${s}`);
      if (s === "'unsafe-inline'" && name !== 'style-src') problems.push(`${name} allows 'unsafe-inline'`);
      if (s === '*' || /^(https?|wss?|ftp|file|filesystem):/i.test(s) || /\.[a-z]{2,}(:\d+)?(\/|$)/i.test(s)) {
        problems.push(`${name} allows the remote source ${s}`);
      }
    }
  }
  if (d.get('script-src')?.join(' ') !== "'self'" && d.get('default-src')?.join(' ') !== "'self'") {
    problems.push(`script-src is not exactly 'self'`);
  }
  if (d.get('object-src')?.join(' ') !== "'none'") problems.push(`object-src is not 'none'`);
  if (!d.has('base-uri')) problems.push('base-uri is missing');
  return problems;
}

describe('Content-Security-Policy (checklist #7)', () => {
  it('names only our own origin, no eval, inline only for styles', () => {
    expect(auditCsp(CONTENT_SECURITY_POLICY)).toEqual([]);
    const d = parseCsp(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
  });

  it('the audit itself catches loosened policies', () => {
    expect(auditCsp("default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'; base-uri 'none'")).toEqual(
      ["script-src allows 'unsafe-eval'"],
    );
    expect(auditCsp("script-src 'self' https://cdn.example.com; object-src 'none'; base-uri 'none'")).toEqual([
      'script-src allows the remote source https://cdn.example.com',
      "script-src is not exactly 'self'",
    ]);
    expect(auditCsp("script-src 'self'; connect-src *; object-src 'none'; base-uri 'none'")).toEqual([
      'connect-src allows the remote source *',
    ]);
    expect(auditCsp("script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'")).toContain(
      "script-src allows 'unsafe-inline'",
    );
  });

  it("the renderer page's own meta CSP is no looser", () => {
    const html = readFileSync(new URL('../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta, 'renderer/index.html has a CSP meta tag').not.toBeNull();
    expect(auditCsp(meta![1]!)).toEqual([]);
  });
});

describe('IPC sender validation (checklist #17)', () => {
  it('trusts only the main frame of app://splitlens', () => {
    expect(isTrustedSender(RENDERER_ENTRY_URL, true)).toBe(true);
    expect(isTrustedSender(`${APP_ORIGIN}/index.html#/compare`, true)).toBe(true);
  });

  it.each([
    ['file:///opt/splitlens/resources/app.asar/dist/renderer/index.html', true],
    ['https://splitlens.example/index.html', true],
    ['http://127.0.0.1:5173/', true],
    ['app://evil/index.html', true],
    ['app://splitlens.evil/index.html', true],
    ['app://user:pw@splitlens/index.html', true],
    ['devtools://devtools/bundled/inspector.html', true],
    ['about:blank', true],
    ['data:text/html,<script>1</script>', true],
    ['not a url', true],
    ['', true],
    [undefined, true],
    [RENDERER_ENTRY_URL, false],
  ] as const)('refuses %s (main frame: %s)', (url, mainFrame) => {
    expect(isTrustedSender(url, mainFrame)).toBe(false);
  });
});

describe('navigation, new windows, links (checklist #13-15)', () => {
  it('refuses every navigation, including to our own origin and file://', () => {
    for (const url of [
      'https://example.com/',
      'file:///etc/passwd',
      RENDERER_ENTRY_URL,
      'javascript:alert(1)',
      'app://splitlens/../x',
    ]) {
      expect(isNavigationAllowed(url)).toBe(false);
    }
  });

  it('never opens a new window', () => {
    expect(WINDOW_OPEN_RESPONSE).toEqual({ action: 'deny' });
    expect(Object.isFrozen(WINDOW_OPEN_RESPONSE)).toBe(true);
  });

  it('opens only https links to allowlisted hosts externally', () => {
    expect(externalLinkTarget('https://arxiv.org/abs/2004.08955')).toBe('https://arxiv.org/abs/2004.08955');
    expect(externalLinkTarget('https://huggingface.co/timm/resnest50d.in1k')).toBe(
      'https://huggingface.co/timm/resnest50d.in1k',
    );
    for (const url of [
      'http://arxiv.org/abs/2004.08955',
      'https://arxiv.org.evil.example/',
      'https://evil.example/?https://arxiv.org',
      'https://user@github.com/',
      'https://github.com:8443/',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'not a url',
    ]) {
      expect(externalLinkTarget(url), url).toBeNull();
    }
    expect(EXTERNAL_LINK_HOSTS.every((h) => !h.includes('*'))).toBe(true);
  });

  it('allows downloads only of blobs and data the page made itself', () => {
    expect(isDownloadAllowed('blob:app://splitlens/1b4e28ba-2fa1-11d2-883f-0016d3cca427')).toBe(true);
    expect(isDownloadAllowed('data:image/svg+xml;base64,PHN2Zy8+')).toBe(true);
    expect(isDownloadAllowed('blob:https://evil.example/1234')).toBe(false);
    expect(isDownloadAllowed('https://evil.example/payload.exe')).toBe(false);
    expect(isDownloadAllowed('file:///etc/passwd')).toBe(false);
  });
});

describe('permissions (checklist #5)', () => {
  // Every permission name Electron 45 can ask about (electron.d.ts setPermissionCheckHandler).
  const permissions = [
    'ar',
    'automatic-fullscreen',
    'background-fetch',
    'background-sync',
    'captured-surface-control',
    'clipboard-read',
    'clipboard-sanitized-write',
    'deprecated-sync-clipboard-read',
    'display-capture',
    'fileSystem',
    'fullscreen',
    'geolocation',
    'geolocation-approximate',
    'hand-tracking',
    'hid',
    'idle-detection',
    'keyboardLock',
    'local-fonts',
    'local-network',
    'local-network-access',
    'loopback-network',
    'media',
    'mediaKeySystem',
    'midi',
    'midiSysex',
    'nfc',
    'notifications',
    'openExternal',
    'payment-handler',
    'periodic-background-sync',
    'persistent-storage',
    'pointerLock',
    'screen-wake-lock',
    'sensors',
    'serial',
    'smart-card',
    'speaker-selection',
    'storage-access',
    'system-wake-lock',
    'top-level-storage-access',
    'usb',
    'vr',
    'web-app-installation',
    'web-printing',
    'window-management',
    'unknown',
  ];
  it.each(permissions)('denies %s, even to our own renderer', (permission) => {
    expect(isPermissionGranted(permission, RENDERER_ENTRY_URL)).toBe(false);
    expect(isPermissionGranted(permission, 'https://evil.example/')).toBe(false);
  });

  it('the list above is every permission electron.d.ts names', () => {
    const dts = readFileSync(new URL('../node_modules/electron/electron.d.ts', import.meta.url), 'utf8');
    const line = dts.split('\n').find((l) => l.includes('setPermissionCheckHandler(handler: ((webContents'));
    const names = [...(line ?? '').matchAll(/'([a-zA-Z-]+)'/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((n) => !permissions.includes(n!))).toEqual([]);
  });
});

describe('app:// scheme privileges (checklist #18)', () => {
  it('is a secure standard scheme that cannot bypass CSP or serve workers', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      standard: true,
      secure: true,
      bypassCSP: false,
      allowServiceWorkers: false,
      corsEnabled: false,
    });
    expect(Object.isFrozen(APP_SCHEME_PRIVILEGES)).toBe(true);
  });
});
