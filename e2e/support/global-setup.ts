/**
 * Starts `splitlens serve --port 0` from the build, waits for the URL line it prints, and passes
 * URL and token to the test workers; the returned teardown stops it. Fails with one clear line
 * when the build or Chromium is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SERVE_COMMAND, SERVE_ENV, TOKEN_VAR, URL_VAR } from './serve-env.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default async function globalSetup(): Promise<() => Promise<void>> {
  const chromium = process.env.SPLITLENS_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) throw new Error(`e2e: ${chromium} is missing: apt-get install chromium (or run .ci/run)`);
  for (const built of ['dist/cli/splitlens.mjs', 'dist/renderer/index.html']) {
    if (!existsSync(root + built)) throw new Error(`e2e: ${built} is missing: run \`npm run build\` first`);
  }
  const child = spawn(process.execPath, SERVE_COMMAND, {
    cwd: root,
    env: { ...process.env, ...SERVE_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (process.env.SPLITLENS_E2E_VERBOSE) process.stderr.write(c);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) =>
      reject(
        new Error(
          `e2e: splitlens serve exited with ${code} before printing its URL: ${stderr.trim().split('\n')[0] ?? ''}`,
        ),
      ),
    );
  });
  process.env[URL_VAR] = url;
  process.env[TOKEN_VAR] = new URL(url).searchParams.get('token')!;
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    // The run's own cache of built models (serve-env.ts), unless the caller chose one.
    if (!process.env.SPLITLENS_CACHE_DIR) rmSync(SERVE_ENV.SPLITLENS_CACHE_DIR!, { recursive: true, force: true });
  };
}
