// Issue #15 items 5 and 6: the CLI never overwrites its own input (by any path: `./x`, a hard link,
// a linked folder), never writes through a link, refuses `-o ''`, writes through a temp file renamed
// over the target (a failed write leaves the old file whole), and a write failure on stdout or on a
// file is one `error:` line with exit 2 — real /dev/full, real closed pipes, a real file-size limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, type CliBundle } from '../hardening/testing/cli-bundle.js';
import { FIXTURES } from '../testing/fixtures.js';
import { runCaptured } from './testing/run-captured.js';

const GRAPH = `${FIXTURES}graphs/timm__resnest50d.onnx`;
const TINY = `${FIXTURES}tiny/tiny_resnet/`;
const PHOTO = `${FIXTURES}images/chelsea.png`;
const tmp = mkdtempSync(join(tmpdir(), 'splitlens-output-'));
let model: string;
let original: Buffer;
let cli: CliBundle;

beforeAll(async () => {
  model = join(tmp, 'x.onnx');
  copyFileSync(GRAPH, model);
  original = readFileSync(model);
  cli = await buildCli();
});

afterAll(() => {
  cli?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

/** Exit 2 and exactly one `error:` line matching `message`. */
function expectOneError(r: { code: number; err: string }, message: RegExp): void {
  expect(r.err).toMatch(/^error: [^\n]+\n$/);
  expect(r.err).toMatch(message);
  expect(r.code).toBe(2);
}

const tempsLeft = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('-o never destroys an input or writes through a link', () => {
  it.each([
    ['the same path', () => model],
    ['the same file via ./ and ..', () => join(tmp, '.', 'sub', '..', 'x.onnx')],
    ['a hard link to the input', () => (linkSync(model, join(tmp, 'hard.svg')), join(tmp, 'hard.svg'))],
    ['the input through a linked folder', () => (symlinkSync(tmp, join(tmp, 'alias')), join(tmp, 'alias', 'x.onnx'))],
  ])('diagram x.onnx -o <%s> is refused and the model kept', async (_what, output) => {
    mkdirSync(join(tmp, 'sub'), { recursive: true });
    const r = await runCaptured(['diagram', model, '-o', output()]);
    expectOneError(r, /is an input of this command.*; refusing to overwrite it/);
    expect(readFileSync(model).equals(original)).toBe(true);
  });

  it('the photo given to --image is an input too', async () => {
    const photo = join(tmp, 'photo.png');
    copyFileSync(PHOTO, photo);
    const r = await runCaptured(['diagram', model, '--image', photo, '-o', photo]);
    expectOneError(r, /photo\.png: is an input of this command; refusing to overwrite it/);
    expect(readFileSync(photo).equals(readFileSync(PHOTO))).toBe(true);
  });

  it('build --weights w -o w is refused before anything is built', async () => {
    const weights = join(tmp, 'w.safetensors');
    copyFileSync(`${TINY}model.safetensors`, weights);
    const r = await runCaptured(['build', '--timm-spec', `${TINY}ref.json`, '--weights', weights, '-o', weights]);
    expectOneError(r, /w\.safetensors: is an input of this command; refusing to overwrite it/);
    expect(readFileSync(weights).equals(readFileSync(`${TINY}model.safetensors`))).toBe(true);
  });

  it('an existing link is refused; its target is untouched', async () => {
    const target = join(tmp, 'notes.txt');
    writeFileSync(target, 'keep');
    const link = join(tmp, 'out.svg');
    symlinkSync(target, link);
    const r = await runCaptured(['diagram', model, '-o', link]);
    expectOneError(r, /out\.svg: is a symbolic link; refusing to write through it/);
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });

  it("-o '' and -o <folder> are errors, not stdout or a crash", async () => {
    expectOneError(
      await runCaptured(['diagram', model, '-o', '']),
      /^error: -o needs a file name, got an empty one\n$/,
    );
    expectOneError(await runCaptured(['build', 'resnet18', '-o', '']), /^error: -o needs a file name/);
    expectOneError(await runCaptured(['diagram', model, '-o', tmp]), /is a folder, not a file to write/);
  });

  it('replaces an existing output atomically, keeping its mode and leaving no temp file', async () => {
    const out = join(tmp, 'd.svg');
    writeFileSync(out, 'old');
    chmodSync(out, 0o640);
    const r = await runCaptured(['diagram', model, '-o', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<svg/);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(tempsLeft(tmp)).toEqual([]);
  });
});

describe('write failures are one line and exit 2', () => {
  it('a file write that fails midway (file size limit) leaves the old file whole and no temp file', async () => {
    const dir = join(tmp, 'limited');
    mkdirSync(dir);
    const out = join(dir, 'd.svg');
    writeFileSync(out, 'the previous export');
    // ulimit -f counts 512-byte blocks in POSIX sh: 8 = 4 KiB, far below the diagram's size.
    const r = await cli.run(['diagram', model, '-o', out], 60_000, { prelude: 'ulimit -f 8' });
    expect(r.stderr).toMatch(/^error: cannot write .*d\.svg: file too large\n$/);
    expect(r.status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('the previous export');
    expect(tempsLeft(dir)).toEqual([]);
  });

  it.each([
    ['analyze --json', () => ['analyze', model, '--json']],
    ['diagram to stdout', () => ['diagram', model]],
    ['predict --json', () => ['predict', PHOTO, '--model', `${TINY}model.onnx`, '--json', '--ep', 'cpu']],
  ])('%s > /dev/full: one error line, exit 2, no stack trace', async (_what, args) => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await cli.run(args(), 90_000, { stdout: full });
      expect(r.stderr).toBe('error: cannot write to standard output: no space left on device\n');
      expect(r.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });

  it('a reader that closes the pipe early (| head) ends the command quietly', async () => {
    const r = await cli.run(['analyze', model, '--json'], 60_000, { stdout: 'closed' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
