/**
 * Test fixtures for the served app: `app.url` (with the token), `api(method, ...args)` calling
 * the same HTTP Api the page uses, and paths of the reference fixtures.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import type { Api } from '../../src/api/contract.js';
import { TOKEN_VAR, URL_VAR } from './serve-env.js';
import { PACKED_CONTENT_TYPE, unpackBody } from '../../src/common/packed-body.js';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

/**
 * Where a README screenshot goes: docs/ when `SPLITLENS_SCREENSHOTS=1` (to refresh the committed
 * ones), test-results/ otherwise, so a test run leaves the working tree clean.
 */
export function screenshotPath(name: string): string {
  return (process.env.SPLITLENS_SCREENSHOTS === '1' ? DOCS : RESULTS) + name;
}

type Call = <M extends keyof Api>(method: M, ...args: Parameters<Api[M]>) => Promise<Awaited<ReturnType<Api[M]>>>;

export interface AppFixture {
  url: string;
  token: string;
  api: Call;
}

export const test = base.extend<{ app: AppFixture }>({
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const url = process.env[URL_VAR];
    const token = process.env[TOKEN_VAR];
    if (!url || !token) throw new Error('e2e: the global setup did not start splitlens serve');
    const origin = new URL(url).origin;
    const api: Call = async (method, ...args) => {
      const res = await fetch(`${origin}/api/${String(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-splitlens-token': token },
        body: JSON.stringify(args),
      });
      // Attention and saliency come back packed (float32 arrays), the rest as JSON.
      if (res.ok && res.headers.get('content-type')?.startsWith(PACKED_CONTENT_TYPE))
        return unpackBody(new Uint8Array(await res.arrayBuffer())) as never;
      const body = (await res.json()) as { error?: string };
      if (!res.ok) throw new Error(`${String(method)}: ${body.error ?? res.status}`);
      return body as never;
    };
    await use({ url, token, api });
  },
});

export { expect };

/** Opens the app and fails the test on any uncaught page error. */
export async function openApp(page: Page, app: AppFixture): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.url);
  await expect(page.locator('.topbar')).toBeVisible();
  return errors;
}
