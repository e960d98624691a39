/**
 * Fuzzing the ONNX reader and analyzer: each iteration takes a seed model (fixture graphs and tiny
 * models), applies byte-level or structure-aware mutations with a PRNG derived from (seed,
 * iteration) — so any case replays alone — and runs it through the prober (worker thread, timeout).
 * Anything but an accepted model or a one-line UserError is a failure.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from './prng.js';
import { byteMutation, structMutation } from './onnx-mutations.js';
import { count, emptyTally, type Outcome, type Tally } from './outcome.js';
import type { Prober } from './prober.js';

export interface SeedModel {
  name: string;
  bytes: Uint8Array;
}

export interface FuzzOptions {
  seed: number;
  iterations: number;
  /** First iteration (replay one case: `first = i, iterations = 1`). */
  first?: number;
  inputs: SeedModel[];
  prober: Prober;
  /** Where to write failing inputs (`<seed>-<iteration>.onnx`), if anywhere. */
  saveDir?: string;
  onCase?: (i: number, name: string, outcome: Outcome, tally: Tally) => void;
}

/** The fixture graphs and tiny models as seeds. */
export function fixtureSeeds(fixtures: string): SeedModel[] {
  const graphs = readdirSync(join(fixtures, 'graphs'))
    .sort()
    .map((f) => ({ name: f, path: join(fixtures, 'graphs', f) }));
  const tiny = readdirSync(join(fixtures, 'tiny'))
    .sort()
    .map((d) => ({ name: `${d}.onnx`, path: join(fixtures, 'tiny', d, 'model.onnx') }));
  return [...graphs, ...tiny].map((s) => ({ name: s.name, bytes: new Uint8Array(readFileSync(s.path)) }));
}

/** One mutated input, a pure function of (seed, iteration). */
export function mutant(inputs: SeedModel[], seed: number, i: number): { name: string; bytes: Uint8Array } {
  const rng = createRng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
  const base = rng.pick(inputs);
  let bytes = base.bytes;
  let what: string;
  if (rng.next() < 0.5) {
    const s = structMutation(bytes, rng);
    bytes = s.bytes;
    what = s.what;
    if (rng.next() < 0.2) {
      bytes = byteMutation(bytes, rng);
      what += ' + bytes';
    }
  } else {
    const n = 1 + rng.int(3);
    for (let k = 0; k < n; k++) bytes = byteMutation(bytes, rng);
    what = `${n} byte mutations`;
  }
  return { name: `seed ${seed} iteration ${i}: ${base.name}, ${what}`, bytes };
}

export async function fuzzOnnx(opts: FuzzOptions): Promise<Tally> {
  const tally = emptyTally();
  const first = opts.first ?? 0;
  for (let i = first; i < first + opts.iterations; i++) {
    const m = mutant(opts.inputs, opts.seed, i);
    const outcome = await opts.prober.probe(m.bytes);
    count(tally, m.name, outcome);
    if ((outcome.kind === 'crash' || outcome.kind === 'hang') && opts.saveDir) {
      mkdirSync(opts.saveDir, { recursive: true });
      writeFileSync(join(opts.saveDir, `${opts.seed}-${i}.onnx`), m.bytes);
    }
    opts.onCase?.(i, m.name, outcome, tally);
  }
  return tally;
}
