/**
 * `splitlens predict a.jpg b.jpg … --model …`: several photos (files and folders) in one command, run
 * through each model in batches, give the same predictions as one photo at a time; an unreadable
 * photo among them gets its error line and the others their results.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PredictResponse } from '../../api/contract.js';
import { splitlens, tinyFixtures } from '../../testing/tiny-fixtures.js';
import { FIXTURES } from '../../testing/fixtures.js';

const models = tinyFixtures()
  .filter((f) => f.name === 'tiny_resnest' || f.name === 'tiny_resnet')
  .map((f) => f.model);
const photos = ['chelsea.png', 'coffee.png', 'rocket.jpg'].map((p) => `${FIXTURES}images/${p}`);
// On CPU: no provider fallback note on stderr.
const modelArgs = [...models.flatMap((m) => ['--model', m]), '--ep', 'cpu'];

describe('splitlens predict with several photos', () => {
  const dir = mkdtempSync(join(tmpdir(), 'splitlens-predict-many-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('equals one photo at a time, photo by photo and model by model', () => {
    const many = splitlens(['predict', ...photos, ...modelArgs, '--json']);
    expect(many.stderr).toBe('');
    expect(many.status).toBe(0);
    const body = JSON.parse(many.stdout) as { images: PredictResponse[] };
    expect(body.images.map((r) => r.image)).toEqual(photos);
    for (const [i, photo] of photos.entries()) {
      const one = JSON.parse(splitlens(['predict', photo, ...modelArgs, '--json']).stdout) as PredictResponse;
      const got = body.images[i]!.results;
      expect(got.map((r) => r.model)).toEqual(one.results.map((r) => r.model));
      got.forEach((r, k) => {
        expect(r.top.map((c) => c.index)).toEqual(one.results[k]!.top.map((c) => c.index));
        r.top.forEach((c, j) => expect(Math.abs(c.prob - one.results[k]!.top[j]!.prob)).toBeLessThanOrEqual(1e-5));
      });
    }
  });

  it('an unreadable photo among them: its error for every model, the others their results, exit 2', () => {
    const bad = join(dir, 'broken.png');
    writeFileSync(bad, 'not a png');
    const r = splitlens(['predict', photos[0]!, bad, photos[1]!, ...modelArgs, '--json']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const body = JSON.parse(r.stdout) as { images: PredictResponse[] };
    expect(body.images.map((i) => i.results.every((x) => x.error !== undefined))).toEqual([false, true, false]);
    expect(body.images[1]!.results).toHaveLength(models.length);
    expect(body.images[0]!.results.every((x) => x.top.length === 5)).toBe(true);
  });
});
