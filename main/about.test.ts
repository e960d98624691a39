import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../src/api/contract.js';
import { createApi } from '../src/api/create-api.js';
import { aboutContent, providerFromPrediction } from './about.js';

const electronVersions = { electron: '45.4.1', chrome: '142.0.7444.52', node: '22.20.0', v8: '14.2.231.17-electron.0' };

describe('About box', () => {
  it('lists the versions and the providers that will be tried, from the real Api info', async () => {
    const info = await createApi({ host: 'electron' }).info();
    const c = aboutContent(info, electronVersions);
    expect(c.message).toBe(`splitlens ${info.version}`);
    const lines = c.detail.split('\n');
    expect(lines.slice(0, 2)).toEqual(['Electron 45.4.1', 'Chromium 142.0.7444.52']);
    expect(lines[2]).toBe(`Node.js ${info.versions.node}`); // the Api's own versions win
    expect(c.detail).toContain(`Execution provider: not used yet; will try ${info.providers.join(', ')} in that order`);
  });

  it('names the provider of the last prediction and why it fell back', () => {
    const info: AppInfo = { version: '0.1.0', versions: {}, providers: ['webgpu', 'cpu'], host: 'electron' };
    const inUse = providerFromPrediction({
      image: 'cat.jpg',
      results: [
        { model: 'resnet50', weights: 'untrained', provider: 'webgpu', latencyMs: 0, top: [], error: 'failed' },
        {
          model: 'resnest50d',
          weights: 'pretrained',
          provider: 'cpu',
          fallback: 'webgpu: no adapter',
          latencyMs: 77,
          top: [],
        },
      ],
    });
    expect(inUse).toEqual({ provider: 'cpu', fallback: 'webgpu: no adapter' });
    expect(aboutContent(info, electronVersions, inUse).detail).toContain(
      'Execution provider: cpu (last prediction) — webgpu: no adapter',
    );
    expect(providerFromPrediction({ image: 'x', results: [] })).toBeUndefined();
  });
});
