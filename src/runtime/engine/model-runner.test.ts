import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { onnx } from '../../onnx/proto.js';
import { OrtEngine } from './ort-engine.js';
import { ModelRunner, MAX_INPUT_SIDE } from './model-runner.js';
import { isUserError } from '../../common/errors.js';
import { FIXTURES } from '../../testing/fixtures.js';

const MODEL = `${FIXTURES}tiny/tiny_resnet_basic/model.onnx`;

/** The fixture with its declared input H and W set to `side` (fully convolutional: ORT accepts it). */
function withInputSide(side: number): Uint8Array {
  const m = onnx.ModelProto.decode(readFileSync(MODEL));
  const dims = m.graph!.input![0]!.type!.tensorType!.shape!.dim!;
  dims[2] = { dimValue: side };
  dims[3] = { dimValue: side };
  return onnx.ModelProto.encode(m).finish();
}

describe('ModelRunner.load', () => {
  it('refuses a model whose declared input is larger than splitlens runs, before running it', async () => {
    const side = MAX_INPUT_SIDE * 2;
    const runner = new ModelRunner(new OrtEngine());
    const err = await runner
      .load('m', { bytes: withInputSide(side) }, { name: 'huge-input', weights: 'untrained' })
      .catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toBe(
      `huge-input: input ${side}x${side} is larger than splitlens runs (at most ${MAX_INPUT_SIDE}x${MAX_INPUT_SIDE} pixels)`,
    );
    await runner.dispose();
  });

  it('loads and warms up the same model at its own size', async () => {
    const runner = new ModelRunner(new OrtEngine());
    const info = await runner.load('m', { bytes: withInputSide(64) }, { name: 'tiny', weights: 'untrained' });
    expect(info.inputShape).toEqual(['batch', 3, 64, 64]);
    expect(info.firstRunMs).toBeGreaterThan(0);
    await runner.dispose();
  });
});
