import { describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.js';

// The running server is tested in src/server (real HTTP on loopback) and end to end by the
// Playwright global setup, which starts exactly `splitlens serve --port 0`.
describe('splitlens serve', () => {
  it('refuses a bad --port with one error line and exit 2', async () => {
    for (const port of ['abc', '70000', '-1', '80.5']) {
      const { code, out, err } = await runCaptured(['serve', '--port', port]);
      expect(code, port).toBe(2);
      expect(out).toBe('');
      expect(err).toBe(`error: --port must be a number 0..65535, got "${port}"\n`);
    }
  });

  it('is listed with its options', async () => {
    const { code, out } = await runCaptured(['serve', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/--port <n>/);
    expect(out).toMatch(/--open/);
    expect(out).toMatch(/loopback only/);
  });
});
