/**
 * Benchmark of the zoo builder (issue: "building resnest50d with weights takes under 2 s"): writes a
 * checkpoint with timm's exact state-dict layout for each preset (real checkpoints cannot be
 * downloaded everywhere), then times `buildModel` with those weights and with a seeded init.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel } from './build-model.js';
import { emitResNet } from './resnet-graph.js';
import { resolvePreset } from './presets.js';
import { writeSafetensors } from '../safetensors/safetensors-write.js';
import { randomSource } from './weight-sources.js';

export interface BuildBenchRow {
  preset: string;
  params: number;
  onnxMB: number;
  /** Best of `repeats` wall times, ms. */
  withWeightsMs: number;
  seededMs: number;
}

/** A timm-layout checkpoint for a preset, filled by the seeded init (BN buffers included). */
export function writePresetCheckpoint(preset: string, path: string, seed = 0): void {
  const g = emitResNet(resolvePreset(preset));
  const src = randomSource(seed);
  writeSafetensors(
    path,
    g.params.map((p) =>
      p.role === 'bn_count'
        ? { key: p.key, dtype: 'I64' as const, shape: p.shape, data: new Uint8Array(8) }
        : { key: p.key, dtype: 'F32' as const, shape: p.shape, data: () => new Uint8Array(src.read(p).buffer) },
    ),
  );
}

async function best(repeats: number, f: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

export async function benchBuild(presets: readonly string[] = ['resnest50d'], repeats = 3): Promise<BuildBenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'splitlens-build-bench-'));
  try {
    const rows: BuildBenchRow[] = [];
    for (const preset of presets) {
      const spec = resolvePreset(preset);
      const ckpt = join(dir, `${preset}.safetensors`);
      writePresetCheckpoint(preset, ckpt);
      let params = 0;
      let bytes = 0;
      const withWeightsMs = await best(repeats, async () => {
        const m = await buildModel({ spec, weights: ckpt, name: preset });
        ({ params } = m);
        bytes = m.onnx.length;
      });
      const seededMs = await best(repeats, () => buildModel({ spec, seed: 0, name: preset }));
      rows.push({ preset, params, onnxMB: bytes / 1e6, withWeightsMs, seededMs });
      rmSync(ckpt);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
