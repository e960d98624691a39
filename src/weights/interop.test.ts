// Interop with Python's huggingface_hub itself, both ways, through the loopback Hub. Runs only where
// SPLITLENS_HF_PYTHON names a python with huggingface_hub installed (the project does not need it):
//   SPLITLENS_HF_PYTHON=/path/to/venv/bin/python npx vitest run src/weights/interop.test.ts
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { findCachedCheckpoint } from './catalog.js';
import { pullCheckpoint } from './pull.js';
import type { FakeHub } from './testing/fake-hub.js';
import { openHubSandbox, tinySafetensors, type HubSandbox } from './testing/hub-sandbox.js';

const PYTHON = process.env.SPLITLENS_HF_PYTHON;
const bytes = tinySafetensors('tiny_resnest');

function python(code: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON!, ['-c', code], { env: { ...process.env, HF_HUB_DISABLE_TELEMETRY: '1', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (c) => resolve({ code: c, out }));
  });
}

describe.skipIf(!PYTHON)('huggingface_hub interop', () => {
  let sandbox: HubSandbox;
  let cache: string;
  let hub: FakeHub;

  beforeEach(async () => {
    sandbox = await openHubSandbox();
    ({ cache, hub } = sandbox);
    hub.addRepo('timm/resnest50d.in1k', bytes);
  });

  afterEach(() => sandbox.close());

  it('finds what hf_hub_download fetched, with no request', async () => {
    const py = await python(
      "from huggingface_hub import hf_hub_download as d; print(d('timm/resnest50d.in1k', 'model.safetensors'))",
      { HF_ENDPOINT: hub.endpoint, HF_HUB_CACHE: cache },
    );
    expect(py.code, py.out).toBe(0);
    const seen = hub.requests.length;
    expect(await pullCheckpoint('timm/resnest50d.in1k', { endpoint: hub.endpoint })).toBe(py.out.trim());
    expect(findCachedCheckpoint('timm/resnest50d.in1k')).toBe(py.out.trim());
    expect(hub.requests.length).toBe(seen);
  });

  it('is read by huggingface_hub offline, and its cache scan finds nothing wrong', async () => {
    const ours = await pullCheckpoint('timm/resnest50d.in1k', { endpoint: hub.endpoint });
    const py = await python(
      [
        'from huggingface_hub import hf_hub_download, scan_cache_dir',
        "print(hf_hub_download('timm/resnest50d.in1k', 'model.safetensors'))",
        'info = scan_cache_dir()',
        'print(len(info.warnings), [(r.repo_id, r.size_on_disk, [sorted(v.refs) for v in r.revisions]) for r in info.repos])',
      ].join('\n'),
      { HF_HUB_OFFLINE: '1', HF_HUB_CACHE: cache },
    );
    expect(py.code, py.out).toBe(0);
    expect(py.out).toBe(`${ours}\n0 [('timm/resnest50d.in1k', ${bytes.length}, [['main']])]\n`);
  });
});
