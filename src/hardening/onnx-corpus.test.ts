/**
 * Every malformed ONNX file of the corpus ends in one clean line: readOnnx + analyzeOnnx (in a
 * worker thread, each case with a timeout) refuse the `read` cases with a UserError, and the real
 * CLI (`analyze` / `predict`, as child processes) exits 2 with a single `error:` line.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureSources, writeOnnxCorpus, type OnnxCase } from './testing/onnx-corpus.js';
import { Prober } from './testing/prober.js';
import { count, emptyTally, summary, type Outcome } from './testing/outcome.js';
import { buildCli, isCleanCliError, type CliBundle } from './testing/cli-bundle.js';
import { FIXTURES } from '../testing/fixtures.js';

// Hundreds of cases per test on a shared 2-core machine: the suite default (120 s) is too tight.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const dir = mkdtempSync(join(tmpdir(), 'splitlens-onnx-corpus-'));
const cases = writeOnnxCorpus(join(dir, 'corpus'), fixtureSources(FIXTURES), 1);
const prober = new Prober(60_000);
afterAll(async () => {
  await prober.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('malformed ONNX corpus through readOnnx + analyzeOnnx', () => {
  const outcomes = new Map<OnnxCase, Outcome>();
  beforeAll(async () => {
    for (const c of cases) outcomes.set(c, await prober.probe(c.file));
  });

  it('covers every kind of damage the threat list names', () => {
    const names = cases.map((c) => c.name).join('\n');
    for (const kind of [
      'truncated',
      'byte flips',
      'empty file',
      'text file',
      'is a string',
      'missing input',
      'cycle',
      '2^40',
      'opset 99',
      'unknown domain',
      '"/etc/passwd"',
      '"../outside.data"',
      'symlinked out',
      'nested subgraphs',
    ]) {
      expect(names).toContain(kind);
    }
    expect(cases.filter((c) => c.name.includes('truncated')).length).toBeGreaterThanOrEqual(60);
  });

  it('never crashes or hangs; every `read` case is a one-line UserError naming the file', () => {
    const tally = emptyTally();
    for (const [c, o] of outcomes) count(tally, c.name, o);
    console.log(summary('malformed ONNX (reader + analyzer)', tally));
    const flips = cases.filter((c) => c.expect === 'flip');
    const flipsOk = flips.filter((c) => outcomes.get(c)?.kind === 'ok').length;
    console.log(
      `  of which byte flips: ${flips.length}, ${flips.length - flipsOk} refused, ${flipsOk} still valid models (the flip hit a weight or a name)`,
    );
    expect(tally.failures).toEqual([]);
    const wrong = cases
      .filter((c) => c.expect === 'read')
      .filter((c) => outcomes.get(c)?.kind !== 'clean' || !outcomes.get(c)?.detail?.includes(c.file.split('/').pop()!))
      .map((c) => `${c.name}: ${outcomes.get(c)?.kind} ${outcomes.get(c)?.detail ?? ''}`);
    expect(wrong).toEqual([]);
    // Graph-level damage is named, not reported as a generic decode failure.
    const byName = (n: string) => outcomes.get(cases.find((c) => c.name === n)!)!.detail;
    expect(byName('two-node cycle')).toMatch(/missing input or cycle/);
    expect(byName('opset 99')).toMatch(/opset 99 is not supported/);
    expect(byName('input of 2^40 elements')).toMatch(/elements is beyond any image model/);
    expect(byName('external data at "/etc/passwd"')).toMatch(/must be a relative path inside the model's folder/);
    expect([...byName('control characters in names')!].filter((ch) => ch < ' ')).toEqual([]);
  });

  it('`run` cases read fine (the graph is intact): they must fail when the weights are loaded', () => {
    for (const c of cases.filter((x) => x.expect === 'run')) expect(outcomes.get(c)?.kind, c.name).toBe('ok');
  });
});

describe('the real CLI on a sample of the corpus', () => {
  let cli: CliBundle;
  beforeAll(async () => {
    cli = await buildCli();
  });
  afterAll(() => cli?.dispose());

  it('analyze: exit 2 and a single `error:` line; predict on `run` cases likewise', async () => {
    const read = cases.filter((c) => c.expect === 'read');
    const sample = read.filter(
      (_, i) => i % 12 === 0 || read[i]!.name.includes('external') || read[i]!.name.includes('nested'),
    );
    const runs = cases.filter((c) => c.expect === 'run' && (c.name.includes('external') || c.name.includes('group 0')));
    const bad: string[] = [];
    const image = join(FIXTURES, 'images/chelsea.png');
    for (const c of sample) {
      const r = await cli.run(['analyze', c.file]);
      if (!isCleanCliError(r)) bad.push(`analyze ${c.name}: exit ${r.status} ${r.signal ?? ''} ${r.stderr}`);
    }
    for (const c of runs) {
      const r = await cli.run(['predict', image, '--model', c.file]);
      if (!isCleanCliError(r)) bad.push(`predict ${c.name}: exit ${r.status} ${r.signal ?? ''} ${r.stderr}`);
      else if (c.name.includes('symlink')) expect(r.stderr).toMatch(/leads outside the model's folder/);
    }
    console.log(
      `malformed ONNX (CLI): ${sample.length + runs.length} cases, ${sample.length + runs.length - bad.length} clean errors (exit 2, one error line), ${bad.length} crashes`,
    );
    expect(bad).toEqual([]);
  });
});
