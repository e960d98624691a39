import { describe, expect, it } from 'vitest';
import { UserError } from '../../common/errors.js';
import { OrtEngine, defaultProviders, installedProviders, linuxGpuVisible, providerFailure } from './ort-engine.js';
import { tinyFixtures } from '../../testing/tiny-fixtures.js';

const model = tinyFixtures().find((t) => t.name === 'tiny_resnet')!.model;

describe('OrtEngine execution providers', () => {
  it('lists CPU last and only providers this build has', () => {
    const order = defaultProviders();
    expect(order.at(-1)).toBe('cpu');
    for (const p of order) expect(p === 'cpu' || installedProviders().has(p)).toBe(true);
  });

  it('sees a Linux GPU by its device nodes, and offers only the CPU without one', () => {
    expect(linuxGpuVisible(() => false)).toBe(false);
    expect(linuxGpuVisible((p) => p === '/dev/dri')).toBe(true);
    expect(linuxGpuVisible((p) => p === '/dev/nvidia0')).toBe(true);
    if (process.platform === 'linux' && !linuxGpuVisible()) expect(defaultProviders()).toEqual(['cpu']);
  });

  it('falls back to CPU with a one-line reason when a better provider does not start', async () => {
    const s = await new OrtEngine().load(model, { providers: ['webgpu', 'cpu'] });
    try {
      if (s.provider === 'webgpu') expect(s.fallbacks).toEqual([]);
      else {
        expect(s.provider).toBe('cpu');
        expect(s.fallbacks).toHaveLength(1);
        expect(s.fallbacks[0]).toMatch(/^webgpu: \S/);
        expect(s.fallbacks[0]).not.toMatch(/\n|onnxruntime_src/);
      }
    } finally {
      await s.release();
    }
  });

  it('a forced provider that does not start is a UserError naming it', async () => {
    const err = await new OrtEngine().load(model, { providers: ['webgpu'] }).then(
      (s) => s.release().then(() => undefined),
      (e: unknown) => e,
    );
    if (err === undefined) return; // this machine has a WebGPU adapter: nothing to fall back from
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^execution provider webgpu failed to start: webgpu: \S/);
  });

  it.runIf(process.platform === 'linux')('a provider this platform lacks is refused up front', async () => {
    await expect(new OrtEngine().load(model, { providers: ['dml'] })).rejects.toThrow(
      /^execution provider dml is not available on linux/,
    );
    await expect(new OrtEngine().load(model, { providers: ['coreml'] })).rejects.toBeInstanceOf(UserError);
  });

  it("shortens ORT's provider errors to what a person can act on", () => {
    const webgpu = new Error(
      '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 onnxruntime::webgpu::WebGpuContext::Initialize(...) adapter_result.status == wgpu::RequestAdapterStatus::Success was false. Failed to get a WebGPU adapter: No supported adapters',
    );
    expect(providerFailure('webgpu', webgpu)).toBe('webgpu: Failed to get a WebGPU adapter: No supported adapters');
    expect(
      providerFailure(
        'cuda',
        new Error('OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library'),
      ),
    ).toBe("cuda: Failed to load shared library (CUDA 12 + cuDNN 9 and ORT's CUDA binaries are needed)");
  });
});
