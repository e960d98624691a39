/**
 * Hostile images through the decoder the runtime uses (decodeRgb, pixel limit) and through the real
 * CLI (`predict`, child process): refused ones end in one line (CLI: exit 2, a single `error:`
 * line), odd but valid ones decode, and an SVG cannot pull a local file into the pixels.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeRgb, PIXEL_LIMIT } from '../runtime/image/decode-image.js';
import { writeImageCorpus } from './testing/image-corpus.js';
import { classifyError, count, emptyTally, summary, type Outcome } from './testing/outcome.js';
import { buildCli, isCleanCliError, type CliBundle } from './testing/cli-bundle.js';
import { withTimeout } from './testing/api-outcome.js';
import { FIXTURES } from '../testing/fixtures.js';

// Hundreds of cases per test on a shared 2-core machine: the suite default (120 s) is too tight.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const dir = mkdtempSync(join(tmpdir(), 'splitlens-image-corpus-'));
const cases = writeImageCorpus(dir, FIXTURES);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile images through decodeRgb', () => {
  it('has an explicit pixel limit that bounds a decode to ~120 MB of RGB', () => {
    expect(PIXEL_LIMIT).toBe(40_000_000);
    expect(PIXEL_LIMIT * 3).toBeLessThanOrEqual(128 * 2 ** 20);
  });

  it('refuses with one line or decodes; never crashes or hangs', async () => {
    const tally = emptyTally();
    const wrong: string[] = [];
    for (const c of cases) {
      const o: Outcome = await withTimeout(decodeRgb(c.file), 60_000, c.name).then(
        () => ({ kind: 'ok' as const }),
        classifyError,
      );
      count(tally, c.name, o);
      if ((c.expect === 'refuse') !== (o.kind === 'clean')) wrong.push(`${c.name}: ${o.kind} ${o.detail ?? ''}`);
    }
    console.log(summary('hostile images (decoder)', tally));
    expect(tally.failures).toEqual([]);
    expect(wrong).toEqual([]);
  });

  it('the bombs are refused by the pixel limit before any pixel is decoded', async () => {
    for (const c of cases.filter((x) => /bomb|claiming/.test(x.name) && !x.name.includes('2^31'))) {
      await expect(decodeRgb(c.file), c.name).rejects.toThrow(/is over the 40 MP limit against decompression bombs$/);
    }
  });

  it('an SVG referencing a local file renders blank: the file is not read into the pixels', async () => {
    const img = await decodeRgb(cases.find((c) => c.name === 'SVG referencing a local file')!.file);
    expect(img.data.every((v) => v === 255)).toBe(true);
  });
});

describe('the real CLI on hostile images', () => {
  let cli: CliBundle;
  beforeAll(async () => {
    cli = await buildCli();
  });
  afterAll(() => cli?.dispose());

  it('predict: exit 2 and a single `error:` line for every refused image', async () => {
    const model = join(FIXTURES, 'tiny/tiny_resnet/model.onnx');
    const refused = cases.filter((c) => c.expect === 'refuse' && /bomb|claiming|truncated|named|empty/.test(c.name));
    const bad: string[] = [];
    for (const c of refused) {
      const r = await cli.run(['predict', c.file, '--model', model, '--ep', 'cpu']);
      if (!isCleanCliError(r)) bad.push(`${c.name}: exit ${r.status} ${r.signal ?? ''} ${r.stderr}`);
    }
    console.log(
      `hostile images (CLI predict): ${refused.length} cases, ${refused.length - bad.length} clean errors (exit 2, one error line), ${bad.length} crashes`,
    );
    expect(bad).toEqual([]);
  });
});
