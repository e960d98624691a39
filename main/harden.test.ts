import { describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import { hardenSession, hardenWebContents } from './harden.js';
import { RENDERER_ENTRY_URL } from './security-policy.js';

// Electron cannot run here: these stand-ins record what harden.ts attaches, and the test fires
// the events Electron would, checking the policy is really wired (not just defined).
type Listener = (...args: unknown[]) => unknown;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: Listener | undefined;
  const contents = {
    on: (name: string, l: Listener) => (listeners.set(name, l), contents),
    setWindowOpenHandler: (h: Listener) => void (openHandler = h),
  };
  const fire = (name: string, url: string) => {
    let prevented = false;
    listeners.get(name)!({ url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return {
    contents: contents as unknown as WebContents,
    listeners,
    fire,
    open: (url: string) => openHandler!({ url }),
  };
}

describe('hardenWebContents', () => {
  it('prevents every navigation and redirect, and <webview>', () => {
    const opened: string[] = [];
    const f = fakeContents();
    hardenWebContents(f.contents, async (u) => void opened.push(u));
    expect([...f.listeners.keys()].sort()).toEqual([
      'will-attach-webview',
      'will-frame-navigate',
      'will-navigate',
      'will-redirect',
    ]);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', RENDERER_ENTRY_URL]) {
      expect(f.fire('will-navigate', url), url).toBe(true);
      expect(f.fire('will-frame-navigate', url), url).toBe(true);
      expect(f.fire('will-redirect', url), url).toBe(true);
    }
    expect(f.fire('will-attach-webview', 'about:blank')).toBe(true);
    expect(opened).toEqual([]);
  });

  it('denies window.open, sending only allowlisted https links to the OS browser', () => {
    const opened: string[] = [];
    const f = fakeContents();
    hardenWebContents(f.contents, async (u) => void opened.push(u));
    expect(f.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(f.open('https://arxiv.org/abs/2004.08955')).toEqual({ action: 'deny' });
    expect(f.fire('will-navigate', 'https://github.com/zhanghang1989/ResNeSt')).toBe(true);
    expect(opened).toEqual(['https://arxiv.org/abs/2004.08955', 'https://github.com/zhanghang1989/ResNeSt']);
  });
});

describe('hardenSession', () => {
  it('denies permission requests, checks and devices, and foreign downloads', () => {
    const handlers: Record<string, Listener> = {};
    const session = {
      setPermissionRequestHandler: (h: Listener) => void (handlers.request = h),
      setPermissionCheckHandler: (h: Listener) => void (handlers.check = h),
      setDevicePermissionHandler: (h: Listener) => void (handlers.device = h),
      on: (name: string, h: Listener) => void (handlers[name] = h),
    };
    hardenSession(session as unknown as Session);
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      handlers.request!(null, permission, (granted: boolean) => answers.push(granted), {
        requestingUrl: RENDERER_ENTRY_URL,
      });
      answers.push(handlers.check!(null, permission, 'app://splitlens', {}) as boolean);
    }
    answers.push(handlers.device!({ deviceType: 'usb', origin: 'app://splitlens' }) as boolean);
    expect(answers).toHaveLength(11);
    expect(answers.every((a) => a === false)).toBe(true);

    const download = (url: string) => {
      let prevented = false;
      handlers['will-download']!({ preventDefault: () => (prevented = true) }, { getURL: () => url });
      return prevented;
    };
    expect(download('https://evil.example/x.exe')).toBe(true);
    expect(download('blob:app://splitlens/5f1c')).toBe(false);
  });
});
