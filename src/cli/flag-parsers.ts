/** Option parsers shared by the CLI commands: a bad value is one UserError line (exit 2). */
import { UserError } from '../core/errors.js';

/** Commander's parser for `flag`, an integer ≥ 1. */
export function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} expects a positive integer, got '${value}'`);
    return n;
  };
}
