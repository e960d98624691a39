/**
 * Issue 17: while any model runs with untrained (seeded random) weights, a visible, dismissible
 * notice says so, with the one-click and the one-command way to get pretrained weights. The shared
 * e2e server runs the fixtures' trained tiny models, so this spec starts its own `splitlens serve`
 * with the five headline models and an empty weights cache (offline), where all five are untrained.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './support/app.js';
import { watchPage } from './support/watch.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

async function serveUntrained(cache: string): Promise<{ url: string; child: ChildProcess }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' };
  delete env.SPLITLENS_TINY_ZOO;
  const child = spawn(process.execPath, ['bin/splitlens.mjs', 'serve', '--port', '0'], {
    cwd: ROOT,
    env,
    // stderr is not read: ignored, so a full pipe can never block the server.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`splitlens serve exited with ${code}`)));
  });
  return { url, child };
}

test('untrained models: a dismissible notice with the button and the command that get weights', async ({ page }) => {
  const cache = mkdtempSync(join(tmpdir(), 'splitlens-e2e-hub-'));
  const { url, child } = await serveUntrained(cache);
  try {
    const problems = watchPage(page);
    await page.goto(url);
    const items = page.locator('[data-testid=model-list] > li');
    await expect(items).toHaveCount(5);
    await expect(items.locator('[data-weights=untrained]')).toHaveCount(5);
    const notice = page.getByTestId('untrained-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('5 models have untrained (seeded random) weights');
    await expect(notice.locator('code')).toHaveText(
      'npx splitlens weights pull resnet50 resnext50_32x4d seresnet50 skresnext50_32x4d resnest50d',
    );
    await expect(notice.getByTestId('get-all-weights')).toBeVisible();
    await notice.getByRole('button', { name: /dismiss/i }).click();
    await expect(notice).toHaveCount(0);
    // Dismissed, the badges still say it.
    await expect(items.locator('[data-weights=untrained]')).toHaveCount(5);
    expect(problems).toEqual([]);
    await page.close();
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    // Full-size untrained models may still be running for the closed page: don't wait for them.
    const stubborn = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(stubborn);
    rmSync(cache, { recursive: true, force: true });
  }
});
