/** Option parsing shared by the CLI commands: a bad value or combination is one UserError line (exit 2). */
import { UserError } from '../common/errors.js';
import type { RawTensor } from '../runtime/engine/model-runner.js';
import { parseShape, readRawTensor } from '../runtime/engine/raw-tensor.js';

/** Commander's parser for `flag`, an integer ≥ 1. */
export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} expects a positive integer, got '${value}'`);
    return n;
  };
}

/**
 * The input of `predict`/`attention`: the `[image]` argument or `--tensor` with `--shape`, exactly
 * one of them (`missing` says what the command needs). Returns the raw tensor, if that is the input.
 */
export function tensorInput(
  image: string | undefined,
  flags: { tensor?: string; shape?: string },
  missing: string,
): RawTensor | undefined {
  if (!!flags.tensor !== !!flags.shape) throw new UserError('--tensor and --shape go together');
  if (!flags.tensor && !image) throw new UserError(missing);
  if (flags.tensor && image) throw new UserError('give either an image or --tensor, not both');
  return flags.tensor ? readRawTensor(flags.tensor, parseShape(flags.shape!)) : undefined;
}
