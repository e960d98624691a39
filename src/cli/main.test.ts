import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from '../testing/fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the splitlens process', () => {
  it('stops quietly when its reader closes the pipe early (`splitlens … | head`)', async () => {
    // An SVG of every block of ResNeSt-101e (~0.5 MB) is far larger than a pipe's buffer: the
    // write hits EPIPE once we stop reading.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'diagram', `${FIXTURES}graphs/timm__resnest101e.onnx`, '--expand', 'all'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|at .+:\d+:\d+/);
    expect(code).toBe(0);
  });
});
