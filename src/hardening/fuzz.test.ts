/**
 * Bounded fuzz run over readOnnx + analyzeOnnx (+ blockOps): fixed seed, fixed iteration count,
 * byte-level and structure-aware mutations of the fixture graphs and tiny models. Every mutant must
 * be accepted or refused with one line; none may throw anything else or hang. The longer run is
 * `npx tsx scripts/fuzz.ts --iterations 100000 --seed N`.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fixtureSeeds, fuzzOnnx, mutant } from './testing/fuzz.js';
import { Prober } from './testing/prober.js';
import { summary } from './testing/outcome.js';
import { FIXTURES } from '../testing/fixtures.js';

// Hundreds of cases per test on a shared 2-core machine: the suite default (120 s) is too tight.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const SEED = 20261123;
const ITERATIONS = 800;
const prober = new Prober(60_000);
afterAll(() => prober.close());

describe('ONNX reader + analyzer fuzz', () => {
  const inputs = fixtureSeeds(FIXTURES);

  it('mutants are a pure function of (seed, iteration)', () => {
    const a = mutant(inputs, SEED, 17);
    const b = mutant(inputs, SEED, 17);
    expect(a.name).toBe(b.name);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(Buffer.from(mutant(inputs, SEED, 18).bytes).equals(Buffer.from(a.bytes))).toBe(false);
  });

  it(`${ITERATIONS} mutants (seed ${SEED}): no crash, no hang`, async () => {
    const tally = await fuzzOnnx({ seed: SEED, iterations: ITERATIONS, inputs, prober });
    console.log(summary(`ONNX fuzz (seed ${SEED})`, tally));
    expect(tally.tried).toBe(ITERATIONS);
    expect(tally.failures).toEqual([]);
    // Both kinds of outcome occur: the mutations reach past the decoder into the analysis.
    expect(tally.clean).toBeGreaterThan(ITERATIONS / 10);
    expect(tally.ok).toBeGreaterThan(ITERATIONS / 10);
  });
});
