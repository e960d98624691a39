/**
 * Longer local fuzz run of the ONNX reader and analyzer (the test suite runs a bounded one:
 * src/hardening/fuzz.test.ts). Mutants are byte-level and structure-aware mutations of the
 * fixture graphs and tiny models; each runs in a worker thread with a timeout.
 *
 *   npx tsx scripts/fuzz.ts --iterations 100000 --seed 7
 *   npx tsx scripts/fuzz.ts --seed 7 --first 4242 --iterations 1     # replay one case
 *
 * Options: --iterations N (default 10000), --seed N (default: time-based, printed), --first I,
 * --timeout MS per case (default 30000), --save DIR for failing inputs (default <tmp>/splitlens-fuzz-failures),
 * --fixtures DIR (default fixtures/). Exit status 1 when any case crashed or hung.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fixtureSeeds, fuzzOnnx } from '../src/hardening/testing/fuzz.js';
import { Prober } from '../src/hardening/testing/prober.js';
import { summary } from '../src/hardening/testing/outcome.js';
import { FIXTURES } from '../src/testing/fixtures.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    first: { type: 'string', default: '0' },
    timeout: { type: 'string', default: '30000' },
    save: { type: 'string', default: join(tmpdir(), 'splitlens-fuzz-failures') },
    fixtures: { type: 'string', default: FIXTURES },
  },
});

const int = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) {
    process.stderr.write(`error: --${name} expects a non-negative integer, got '${v}'\n`);
    process.exit(2);
  }
  return n;
};

const seed = int('seed', values.seed ?? String(Date.now() % 2 ** 31));
const iterations = int('iterations', values.iterations);
const first = int('first', values.first);
const prober = new Prober(int('timeout', values.timeout));
const started = performance.now();
const every = Math.max(1, Math.min(1000, Math.floor(iterations / 20)));
console.log(`fuzzing readOnnx + analyzeOnnx: seed ${seed}, iterations ${first}..${first + iterations - 1}`);

const tally = await fuzzOnnx({
  seed,
  iterations,
  first,
  inputs: fixtureSeeds(values.fixtures),
  prober,
  saveDir: values.save,
  onCase: (i, name, outcome, t) => {
    if (outcome.kind === 'crash' || outcome.kind === 'hang')
      console.log(`${outcome.kind.toUpperCase()} ${name}: ${outcome.detail ?? ''}`);
    if ((i - first + 1) % every === 0) {
      const rate = (i - first + 1) / ((performance.now() - started) / 1000);
      console.log(
        `  ${i - first + 1}/${iterations} (${rate.toFixed(0)}/s): ${t.clean} clean, ${t.ok} accepted, ${t.crash} crashes, ${t.hang} hangs`,
      );
    }
  },
});
await prober.close();
console.log(summary(`ONNX fuzz (seed ${seed})`, tally));
if (tally.failures.length) console.log(`failing inputs saved under ${values.save}/ as <seed>-<iteration>.onnx`);
process.exitCode = tally.failures.length ? 1 : 0;
