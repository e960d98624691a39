/**
 * Test support shared by every module's tests: the real CLI as a child process, and the tiny timm models of `fixtures/tiny` with their reference input, logits
 * and attention tensors (produced by PyTorch forward hooks; see the fixtures README).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The real CLI from sources, as a child process (tsx). */
export function splitlens(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface TinyFixture {
  name: string;
  dir: string;
  model: string;
  inputShape: number[];
  input: Float32Array;
  logits: Float32Array;
  /** By module path (`layer1.0.conv2.rsoftmax`): values flattened per batch item. */
  attention: { module: string; values: Float32Array; perImage: number }[];
}

export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

interface RefJson {
  input: { shape: number[] };
  attention: Record<string, { file: string; shape: number[] }>;
}

export function tinyFixtures(): TinyFixture[] {
  const root = `${FIXTURES}tiny/`;
  return readdirSync(root)
    .sort()
    .map((name) => {
      const dir = `${root}${name}/`;
      const ref = JSON.parse(readFileSync(`${dir}ref.json`, 'utf8')) as RefJson;
      return {
        name,
        dir,
        model: `${dir}model.onnx`,
        inputShape: ref.input.shape,
        input: readF32(`${dir}input.f32`),
        logits: readF32(`${dir}logits.f32`),
        attention: Object.entries(ref.attention).map(([module, a]) => ({
          module,
          values: readF32(`${dir}${a.file}`),
          perImage: a.shape[1]!,
        })),
      };
    });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
