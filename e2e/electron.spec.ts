/**
 * The desktop shell end to end, in real Electron (Playwright `_electron`): the window, its locked
 * webPreferences at runtime, no Node in the page, the Api over validated IPC, navigation and
 * permissions refused, menus, and a file handed over by a second launch. Skips with the reason
 * and what to do where the Electron binary is absent (it downloads from outside the npm registry).
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { API_METHODS } from '../src/common/api-methods.js';
import { findElectronBinary } from '../scripts/electron-binary.mjs';
import { SERVE_ENV } from './support/serve-env.js';
import { FIXTURES } from '../src/testing/fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = FIXTURES;
const binary = findElectronBinary(root);
const skipNote =
  `Electron binary absent (${binary.found ? '' : binary.reason}): run \`node node_modules/electron/install.js\` where ` +
  'GitHub is reachable (or set ELECTRON_MIRROR), then `npm run build`. The same renderer is tested in Chromium through serve mode.';

/** The page's globals as seen from page.evaluate (this file is typed without the DOM). */
type PageGlobals = {
  splitlens: Record<string, (...args: unknown[]) => Promise<unknown>>;
  splitlensShell: { onOpenFile(listener: (e: unknown) => void): () => void } & Record<string, unknown>;
  location: { href: string };
  open(url: string): unknown;
  navigator: { permissions: { query(q: { name: string }): Promise<{ state: string }> } };
  fetch(url: string): Promise<{ headers: { get(name: string): string | null } }>;
};

if (!binary.found) {
  // The list reporter does not print skip reasons: say it once, visibly.
  test('Electron shell: skipped', () => {
    console.log(`electron e2e skipped — ${skipNote}`);
    test.skip(true, skipNote);
  });
}

test.describe('Electron shell', () => {
  test.skip(!binary.found, skipNote);

  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    if (!binary.found) return;
    app = await electron.launch({
      executablePath: binary.path,
      args: ['.'],
      cwd: root,
      env: { ...(process.env as Record<string, string>), ...SERVE_ENV },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('loads the renderer from app://splitlens with the CSP header', async () => {
    expect(page.url()).toBe('app://splitlens/index.html');
    await expect(page).toHaveTitle('splitlens');
    const csp = await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals;
      return (await g.fetch(g.location.href)).headers.get('content-security-policy');
    });
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  test('gives the page no Node.js and no Electron', async () => {
    const globals = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return [
        typeof g.require,
        typeof g.process,
        typeof g.module,
        typeof g.Buffer,
        typeof g.ipcRenderer,
        typeof g.electron,
      ];
    });
    expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  test('exposes the Api and the shell bridge, and the Api answers over IPC', async () => {
    const info = await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals;
      return {
        host: ((await g.splitlens.info!()) as { host: string }).host,
        api: Object.keys(g.splitlens).sort(),
        shell: Object.keys(g.splitlensShell).sort(),
      };
    });
    expect(info).toEqual({
      host: 'electron',
      api: [...API_METHODS, 'onProgress'].sort(),
      shell: ['onMenu', 'onOpenFile', 'openDroppedFile', 'saveSvg'],
    });
  });

  test('refuses a path the user did not choose, and invalid arguments', async () => {
    const errors = await page.evaluate(async () => {
      const api = (globalThis as unknown as PageGlobals).splitlens;
      const fail = (p: Promise<unknown>) =>
        p.then(
          () => 'accepted',
          (e: Error) => e.message,
        );
      return [
        await fail(api.openModel!({ kind: 'path', path: '/etc/passwd.onnx' })),
        await fail(api.predict!({ imageId: 'x', top: -1 })),
      ];
    });
    expect(errors[0]).toMatch(/^refused to open \/etc\/passwd\.onnx/);
    expect(errors[1]).toMatch(/^invalid arguments for predict: argument 1 \.top: /);
  });

  test('blocks navigation and new windows, and denies permissions', async () => {
    const opened = await page.evaluate(
      () => (globalThis as unknown as PageGlobals).open('https://example.com/') === null,
    );
    expect(opened).toBe(true);
    // Our guard runs first (attached at web-contents-created); a later listener sees its verdict.
    for (const target of ['file:///etc/passwd', 'https://example.com/', 'app://splitlens/index.html?navigated=1']) {
      await app.evaluate(({ BrowserWindow }) => {
        const main = globalThis as unknown as { verdict?: Promise<boolean> };
        main.verdict = new Promise((resolve) =>
          BrowserWindow.getAllWindows()[0]!.webContents.once('will-navigate', (e) => resolve(e.defaultPrevented)),
        );
      });
      await page.evaluate((url) => {
        (globalThis as unknown as PageGlobals).location.href = url;
      }, target);
      expect(await app.evaluate(() => (globalThis as unknown as { verdict: Promise<boolean> }).verdict), target).toBe(
        true,
      );
    }
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.href)).toBe(
      'app://splitlens/index.html',
    );
    const state = await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals;
      return (await g.navigator.permissions.query({ name: 'notifications' })).state;
    });
    expect(state).toBe('denied');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  test('has the File, View and Help menus', async () => {
    const menu = await app.evaluate(({ Menu }) =>
      Menu.getApplicationMenu()!.items.map((i) => [
        i.label,
        i.submenu?.items.map((s) => s.label).filter(Boolean) ?? [],
      ]),
    );
    const byLabel = Object.fromEntries(menu) as Record<string, string[]>;
    expect(byLabel.File).toEqual(expect.arrayContaining(['Open Image…', 'Open Model…', 'Open Recent', 'Export SVG…']));
    expect(byLabel.View).toEqual(expect.arrayContaining(['Theme']));
    expect(byLabel.Help).toEqual(['About splitlens']);
  });

  test('a second launch with a photo hands it to this window and exits', async () => {
    const photo = join(fixtures, 'images', 'chelsea.png');
    const received = page.evaluate(
      () =>
        new Promise((resolve) => {
          (globalThis as unknown as PageGlobals).splitlensShell.onOpenFile(resolve);
        }),
    );
    const second = spawn(binary.found ? binary.path : '', ['.', photo], { cwd: root, stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(exitCode).toBe(0);
    expect(await received).toEqual({ role: 'image', name: 'chelsea.png', source: { kind: 'path', path: photo } });
    const entry = await page.evaluate(
      async (path) =>
        (await (globalThis as unknown as PageGlobals).splitlens.openImage!({ kind: 'path', path })) as { name: string },
      photo,
    );
    expect(entry.name).toBe('chelsea.png');
  });

  test('predicts in the inference utility process', async () => {
    const result = (await page.evaluate(
      async (path) => {
        const api = (globalThis as unknown as PageGlobals).splitlens;
        const image = (await api.openImage!({ kind: 'path', path })) as { id: string };
        return api.predict!({ imageId: image.id, top: 3 });
      },
      join(fixtures, 'images', 'chelsea.png'),
    )) as { results: { provider: string; top: { prob: number }[]; error?: string }[] };
    expect(result.results.length).toBeGreaterThan(0);
    for (const r of result.results) {
      expect(r.error).toBeUndefined();
      expect(r.top).toHaveLength(3);
    }
    const pids = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().map((m) => m.type));
    expect(pids).toContain('Utility');
  });
});
