import { describe, expect, it } from 'vitest';
import { maxAbsDiff, splitlens, tinyFixtures, type TinyFixture } from '../../testing/tiny-fixtures.js';
import { runCaptured } from '../testing/run-captured.js';

/** `attention --json` output on a fixture's tensor: logits ≤ 1e-4 and every block's attention ≤ 1e-5 of timm. */
function expectTimm(json: string, t: TinyFixture): void {
  const res = JSON.parse(json) as { blocks: { values: number[][] }[]; logits: number[][] };
  expect(maxAbsDiff(res.logits.flat(), t.logits)).toBeLessThanOrEqual(1e-4);
  expect(res.blocks).toHaveLength(t.attention.length);
  t.attention.forEach((a, i) => expect(maxAbsDiff(res.blocks[i]!.values.flat(), a.values)).toBeLessThanOrEqual(1e-5));
}

describe('splitlens attention --json on every tiny fixture (in process)', () => {
  it.each(tinyFixtures().map((t) => [t.name, t] as const))(
    '%s: attention ≤ 1e-5, logits ≤ 1e-4 of timm',
    async (_, t) => {
      const r = await runCaptured([
        'attention',
        '--json',
        '--model',
        t.model,
        '--tensor',
        `${t.dir}input.f32`,
        '--shape',
        t.inputShape.join(','),
      ]);
      expect(r.code).toBe(0);
      expectTimm(r.out, t);
    },
  );
});

describe('splitlens attention (child process)', () => {
  it.each(
    tinyFixtures()
      .filter((t) => t.name === 'tiny_resnest_r4c2')
      .map((t) => [t.name, t] as const),
  )('--json on %s reproduces timm: attention ≤ 1e-5, logits ≤ 1e-4', (_, t) => {
    const r = splitlens([
      'attention',
      '--json',
      '--model',
      t.model,
      '--tensor',
      `${t.dir}input.f32`,
      '--shape',
      t.inputShape.join(','),
    ]);
    expect(
      r.stderr
        .split('\n')
        .filter(Boolean)
        .every((l) => /^note: \w+: .+ — using \w+$/.test(l)),
    ).toBe(true);
    expect(r.status).toBe(0);
    expectTimm(r.stdout, t);
  });

  it.each([
    [['attention', '--model', 'x.onnx', '--tensor', 'in.f32', '--shape', '1,3,64'], /^error: --shape expects N,3,H,W/],
    [['attention', '--model', 'resnet50', '--ep', 'gpu', 'x.png'], /^error: --ep expects auto, cpu, webgpu/],
  ])('%j → one line, exit 2', (args, message) => {
    const r = splitlens(args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
