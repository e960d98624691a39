// Issue #15 item 8: an input that is not a regular file — `/dev/zero`, a named pipe, a folder — is
// named for what it is in one line, never "empty file", and a FIFO never hangs the command (each
// run has a timeout; nothing ever writes to these pipes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, isCleanCliError, type CliBundle } from '../hardening/testing/cli-bundle.js';
import { FIXTURES } from '../testing/fixtures.js';

const TINY = `${FIXTURES}tiny/tiny_resnet/`;
const PHOTO = `${FIXTURES}images/chelsea.png`;
const dir = mkdtempSync(join(tmpdir(), 'splitlens-special-'));
const fifo = (name: string): string => {
  const p = join(dir, name);
  execFileSync('mkfifo', [p]);
  return p;
};
let cli: CliBundle;

beforeAll(async () => {
  cli = await buildCli();
});

afterAll(() => {
  cli?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('inputs that are not regular files', () => {
  it.each([
    [
      'predict /dev/zero',
      () => ['predict', '/dev/zero', '--model', `${TINY}model.onnx`],
      /\/dev\/zero: is a character device, not an image file/,
    ],
    [
      'predict <FIFO>.png',
      () => ['predict', fifo('photo.png'), '--model', `${TINY}model.onnx`],
      /photo\.png: is a named pipe \(FIFO\), not an image file/,
    ],
    [
      'predict <folder> whose one image is a FIFO',
      () => (
        mkdirSync(join(dir, 'photos')),
        fifo('photos/a.png'),
        ['predict', join(dir, 'photos'), '--model', `${TINY}model.onnx`]
      ),
      /a\.png: is a named pipe \(FIFO\), not an image file/,
    ],
    [
      'predict --tensor <FIFO>',
      () => ['predict', '--model', `${TINY}model.onnx`, '--tensor', fifo('in.f32'), '--shape', '1,3,64,64'],
      /in\.f32: is a named pipe \(FIFO\), not a file/,
    ],
    [
      'predict --model <FIFO>.onnx',
      () => ['predict', PHOTO, '--model', fifo('m1.onnx')],
      /m1\.onnx: is a named pipe \(FIFO\), not an ONNX file/,
    ],
    ['analyze <FIFO>.onnx', () => ['analyze', fifo('m2.onnx')], /m2\.onnx: is a named pipe \(FIFO\), not an ONNX file/],
    ['analyze /dev/zero', () => ['analyze', '/dev/zero'], /\/dev\/zero: is a character device, not an ONNX file/],
    ['analyze <folder>', () => ['analyze', dir], /: is a folder, not an ONNX file/],
    ['diagram <FIFO>.onnx', () => ['diagram', fifo('m3.onnx')], /m3\.onnx: is a named pipe \(FIFO\), not an ONNX file/],
    [
      'build --weights <FIFO>',
      () => ['build', '--timm-spec', `${TINY}ref.json`, '--weights', fifo('w.safetensors'), '-o', join(dir, 'o.onnx')],
      /w\.safetensors: is a named pipe \(FIFO\), not a weights file/,
    ],
    [
      'build --timm-spec <FIFO>',
      () => ['build', '--timm-spec', fifo('spec.json'), '-o', join(dir, 'o2.onnx')],
      /spec\.json: is a named pipe \(FIFO\), not a spec file/,
    ],
  ])('%s: one line naming what it is, exit 2, no hang', async (_what, args, message) => {
    const r = await cli.run(args(), 60_000);
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/empty file/);
    expect(isCleanCliError(r)).toBe(true);
  });
});
