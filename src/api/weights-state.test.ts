// The app's side of a damaged weights cache: the model list says `damaged` with the one-line reason
// and the refetch command, and Get weights (Api.pullWeights) fetches a fresh copy that lists as
// pretrained — against a loopback Hub, no inference needed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApi, type ApiHandle } from './create-api.js';
import { headlineZoo } from './model-registry.js';
import { pullCheckpoint } from '../weights/pull.js';
import { openHubSandbox, tinySafetensors, type HubSandbox } from '../weights/testing/hub-sandbox.js';

let sandbox: HubSandbox;
let api: ApiHandle | undefined;

beforeEach(async () => {
  sandbox = await openHubSandbox(['HF_ENDPOINT', 'HF_HUB_OFFLINE']);
});

afterEach(async () => {
  await api?.dispose();
  await sandbox.close();
});

describe('a damaged checkpoint in the app', () => {
  it('is listed damaged with its reason, and Get weights makes it pretrained', async () => {
    const repo = sandbox.hub.addRepo('timm/resnet50.a1_in1k', tinySafetensors('tiny_resnet'));
    await pullCheckpoint(repo.repoId, { endpoint: sandbox.hub.endpoint });
    const blob = join(sandbox.cache, 'models--timm--resnet50.a1_in1k', 'blobs', repo.sha256);
    writeFileSync(blob, tinySafetensors('tiny_resnet').subarray(0, 1000)); // truncated in place

    api = createApi({ host: 'serve', zoo: headlineZoo(), hubEndpoint: sandbox.hub.endpoint });
    const listed = (await api.listModels()).find((m) => m.id === 'resnet50')!;
    expect(listed.weights).toBe('damaged');
    expect(listed.weightsProblem).toMatch(
      /^the cached checkpoint timm\/resnet50\.a1_in1k is damaged \(not a safetensors file \(.*\)\); fetch it again: splitlens weights pull resnet50 --force$/,
    );
    expect((await api.listModels()).filter((m) => m.weights === 'damaged').map((m) => m.id)).toEqual(['resnet50']);

    const pulled = await api.pullWeights({ modelId: 'resnet50' });
    expect(pulled.weights).toBe('pretrained');
    expect(pulled.weightsProblem).toBeUndefined();
    expect((await api.listModels()).find((m) => m.id === 'resnet50')!.weights).toBe('pretrained');
  });
});
