import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pilResize, pilResizeWindow, type Interpolation } from './pil-resample.js';
import { KEPT_MEMORY_BYTES, keptMemoryBytes, simdResample } from './resample-simd.js';
import { RESAMPLE_WASM_BASE64 } from './resample-wasm.js';
import { noiseImage } from '../../testing/noise-image.js';

describe('the WebAssembly SIMD resampling passes', () => {
  it('run here (Node has WebAssembly SIMD), so the resize tests exercise them', () => {
    const img = noiseImage(8, 8, 1);
    expect(simdResample({ data: img.data, width: 8, r0: 0, rows: 8, x0: 0, x1: 8, y0: 0, y1: 8 })).toBeDefined();
  });

  it('equal the JavaScript port byte for byte: 300 random sizes, windows and filters', () => {
    let seed = 11;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let i = 0; i < 300; i++) {
      const src = noiseImage(1 + rand(90), 1 + rand(90), i);
      const outW = 1 + rand(120);
      const outH = 1 + rand(120);
      const interpolation: Interpolation = rand(2) ? 'bicubic' : 'bilinear';
      // A window anywhere, possibly past the edges (torchvision's padding).
      const window = {
        left: rand(outW + 10) - 5,
        top: rand(outH + 10) - 5,
        width: 1 + rand(outW),
        height: 1 + rand(outH),
      };
      const got = pilResizeWindow(src, outW, outH, interpolation, window);
      const all = pilResize(src, outW, outH, interpolation);
      const ref = new Uint8Array(window.width * window.height * 3);
      for (let y = 0; y < window.height; y++)
        for (let x = 0; x < window.width; x++) {
          const sx = x + window.left;
          const sy = y + window.top;
          if (sx < 0 || sy < 0 || sx >= outW || sy >= outH) continue;
          ref.set(all.data.subarray((sy * outW + sx) * 3, (sy * outW + sx) * 3 + 3), (y * window.width + x) * 3);
        }
      expect(
        Buffer.from(got.data).equals(Buffer.from(ref)),
        `case ${i}: ${JSON.stringify({ w: src.width, h: src.height, outW, outH, interpolation, window })}`,
      ).toBe(true);
    }
  });

  it('are the module compiled from resample.wat (run `node scripts/build-wasm.mjs` after editing it)', async () => {
    const script = fileURLToPath(new URL('../../../scripts/build-wasm.mjs', import.meta.url));
    const build = (await import(pathToFileURL(script).href)) as {
      compileResampleWat(): Promise<Uint8Array>;
      resampleWasmSource(bytes: Uint8Array): string;
    };
    const bytes = await build.compileResampleWat();
    expect(Buffer.from(RESAMPLE_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    const committed = readFileSync(fileURLToPath(new URL('./resample-wasm.ts', import.meta.url)), 'utf8');
    expect(committed).toBe(build.resampleWasmSource(bytes));
  });
});

describe('the WebAssembly memory', () => {
  it('stays within its bound after a photo too big for it, which gets an instance of its own', () => {
    // 3000×3000 → 1500×1500: 27 MB of source rows, 13.5 MB between the passes, 6.75 MB out: 47 MB.
    const big = noiseImage(3000, 3000, 5);
    const window = { left: 0, top: 0, width: 1500, height: 1500 };
    const got = pilResizeWindow(big, 1500, 1500, 'bilinear', window);
    const ref = pilResize(big, 1500, 1500, 'bilinear');
    expect(Buffer.from(got.data).equals(Buffer.from(ref.data))).toBe(true);
    expect(keptMemoryBytes()).toBeGreaterThan(0);
    expect(keptMemoryBytes()).toBeLessThanOrEqual(KEPT_MEMORY_BYTES);
  });
});
