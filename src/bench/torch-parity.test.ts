// The PyTorch ports of scripts/bench-torch.py equal timm: each tiny fixture (timm's weights, input and
// logits) through the port. Runs where /usr/bin/python3 has torch (Debian's python3-torch).
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES } from '../testing/fixtures.js';
import { readF32 } from '../testing/tiny-fixtures.js';
import { parseScriptOutput, probeTorch, runTorchScript, startTorchServer, torchSchemas } from './torch-script.js';

const probe = probeTorch();
const title = probe.ok
  ? `PyTorch ports vs timm (torch ${probe.torch})`
  : `PyTorch ports vs timm — skipped: ${probe.reason}`;

describe.skipIf(!probe.ok)(title, () => {
  it('every tiny fixture: max |Δ logits| ≤ 1e-4', async () => {
    const r = await runTorchScript(['--check']);
    const out = parseScriptOutput(r.stdout, torchSchemas().check);
    expect(r.code).toBe(0);
    expect(out.checks.map((c) => c.fixture)).toEqual(readdirSync(join(FIXTURES, 'tiny')).sort());
    for (const c of out.checks) {
      expect(c.maxAbsDiff, c.fixture).toBeLessThanOrEqual(1e-4);
      expect(c.ok, c.fixture).toBe(true);
    }
  });

  it('refuses to time a port whose family misses timm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitlens-torch-parity-'));
    try {
      for (const name of ['tiny_seresnet', 'tiny_seresnext', 'tiny_resnet']) {
        cpSync(join(FIXTURES, 'tiny', name), join(dir, 'tiny', name), { recursive: true });
      }
      // The reference logits of one SE fixture moved by 1e-3: the check must catch it.
      const logits = readF32(join(dir, 'tiny', 'tiny_seresnext', 'logits.f32')).map((v, i) => (i ? v : v + 1e-3));
      writeFileSync(join(dir, 'tiny', 'tiny_seresnext', 'logits.f32'), logits);
      const r = await runTorchScript(['--model', 'seresnet50', '--fixtures', dir, '--runs', '1', '--batches', '1']);
      const out = parseScriptOutput(r.stdout, torchSchemas().run);
      expect(r.code).toBe(1);
      expect(out.error).toBe('the port does not match timm on its fixtures: not timed');
      expect(out.timings).toEqual([]);
      expect(out.checks.map((c) => [c.fixture, c.ok])).toEqual([
        ['tiny_seresnet', true],
        ['tiny_seresnext', false],
      ]);
      expect(out.checks[1]!.maxAbsDiff).toBeCloseTo(1e-3, 5);
      // The bench's mode too: the refusal is the result line, and the process ends.
      const server = await startTorchServer(['--model', 'seresnet50', '--fixtures', dir]);
      expect(server.run.error).toBe(out.error);
      expect(await server.close()).toBe(1);
      await expect(server.time(1, 1)).rejects.toThrow(/^bench-torch.py exited \(1\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serve mode: the checked result line, then timings on request, until EOF', async () => {
    const server = await startTorchServer(['--model', 'resnest50d', '--size', '64', '--threads', '1']);
    expect(server.run).toMatchObject({ model: 'resnest50d', impl: 'port', threads: 1, ompWaitPolicy: 'PASSIVE' });
    expect(server.run.checks.map((c) => c.fixture)).toEqual(['tiny_resnest', 'tiny_resnest_r1', 'tiny_resnest_r4c2']);
    expect(server.run.error).toBeUndefined();
    const ms = await server.time(2, 3);
    expect(ms).toHaveLength(3);
    for (const m of ms) expect(m).toBeGreaterThan(0);
    expect(await server.time(1, 1)).toHaveLength(1);
    expect(await server.close()).toBe(0);
  });
});
