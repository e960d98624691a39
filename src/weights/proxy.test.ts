// Proxy selection from the environment (pure), and a real pull through a real CONNECT proxy to a
// host name that only the proxy can reach.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../common/errors.js';
import { proxyFor } from './proxy.js';
import { pullCheckpoint } from './pull.js';
import { ConnectProxy } from './testing/connect-proxy.js';
import { FakeHub } from './testing/fake-hub.js';
import { openHubSandbox, tinySafetensors, type HubSandbox } from './testing/hub-sandbox.js';

const HUB = new URL('https://huggingface.co/timm/x/resolve/main/model.safetensors');
const CDN = new URL('https://cdn-lfs.hf.co/repos/ab/cd/abcd');
const PLAIN = new URL('http://mirror.example.org:8080/timm/x');

describe('proxyFor', () => {
  it('picks the proxy by scheme, lower-case names first, ALL_PROXY as fallback', () => {
    expect(proxyFor(HUB, { HTTPS_PROXY: 'http://p:3128' })?.href).toBe('http://p:3128/');
    expect(proxyFor(HUB, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })?.host).toBe('lower:1');
    expect(proxyFor(HUB, { HTTP_PROXY: 'http://p:3128' })).toBeUndefined();
    expect(proxyFor(PLAIN, { HTTP_PROXY: 'p:3128' })?.href).toBe('http://p:3128/');
    expect(proxyFor(PLAIN, { ALL_PROXY: 'http://all:9' })?.host).toBe('all:9');
    expect(proxyFor(HUB, {})).toBeUndefined();
  });

  it('honours NO_PROXY: exact, domain suffix, *.domain, host:port, CIDR, *', () => {
    const env = (no: string): NodeJS.ProcessEnv => ({
      HTTPS_PROXY: 'http://p:3128',
      HTTP_PROXY: 'http://p:3128',
      NO_PROXY: no,
    });
    expect(proxyFor(HUB, env('huggingface.co'))).toBeUndefined();
    expect(proxyFor(CDN, env('.hf.co'))).toBeUndefined();
    expect(proxyFor(CDN, env('*.hf.co'))).toBeUndefined();
    expect(proxyFor(CDN, env('hf.co'))).toBeUndefined();
    expect(proxyFor(CDN, env('xhf.co'))).toBeDefined();
    expect(proxyFor(PLAIN, env('mirror.example.org:8080'))).toBeUndefined();
    expect(proxyFor(PLAIN, env('mirror.example.org:9090'))).toBeDefined();
    expect(proxyFor(new URL('http://10.1.2.3/'), env('10.0.0.0/8'))).toBeUndefined();
    expect(proxyFor(new URL('http://11.1.2.3/'), env('10.0.0.0/8'))).toBeDefined();
    expect(proxyFor(HUB, env('foo, *'))).toBeUndefined();
    expect(proxyFor(HUB, { ...env(''), no_proxy: 'huggingface.co' })).toBeUndefined();
  });

  it('never proxies loopback', () => {
    const env = { HTTP_PROXY: 'http://p:3128', HTTPS_PROXY: 'http://p:3128' };
    for (const u of [
      'http://127.0.0.1:8080/',
      'http://localhost/',
      'https://[::1]:4443/',
      'http://127.5.5.5/',
      'http://app.localhost/',
    ]) {
      expect(proxyFor(new URL(u), env), u).toBeUndefined();
    }
  });

  it('rejects proxies it cannot speak with a clear error', () => {
    expect(() => proxyFor(HUB, { HTTPS_PROXY: 'socks5://p:1080' })).toThrow(UserError);
    expect(() => proxyFor(HUB, { HTTPS_PROXY: 'socks5://p:1080' })).toThrow(/use an http:\/\/ or https:\/\/ proxy/);
  });
});

describe('pulling through HTTP_PROXY', () => {
  let sandbox: HubSandbox;
  let hub: FakeHub;

  beforeEach(async () => {
    sandbox = await openHubSandbox(['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy']);
    hub = sandbox.hub;
    hub.addRepo('timm/resnest50d.in1k', tinySafetensors('tiny_resnest'));
  });

  afterEach(() => sandbox.close());

  it('tunnels every request (HEAD and CDN GET) through the proxy, with credentials', async () => {
    const auth = `Basic ${Buffer.from('user:p@ss').toString('base64')}`;
    const proxy = await ConnectProxy.start(auth);
    try {
      process.env.HTTP_PROXY = `http://user:p%40ss@127.0.0.1:${proxy.port}`;
      // `.invalid` never resolves (RFC 6761): only the proxy can reach these hosts.
      hub.cdnOrigin = `http://cdn.invalid:${hub.port}`;
      const path = await pullCheckpoint('timm/resnest50d.in1k', { endpoint: `http://hub.invalid:${hub.port}` });
      expect(readFileSync(path).equals(hub.repos.get('timm/resnest50d.in1k')!.bytes)).toBe(true);
      expect(proxy.tunnels).toEqual([
        { authority: `hub.invalid:${hub.port}`, auth },
        { authority: `cdn.invalid:${hub.port}`, auth },
      ]);
      expect(hub.requests.map((r) => `${r.method} ${r.host}`)).toEqual([
        `HEAD hub.invalid:${hub.port}`,
        `GET cdn.invalid:${hub.port}`,
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('reports a proxy that refuses the tunnel in one line', async () => {
    const proxy = await ConnectProxy.start('Basic bm9ib2R5Og==');
    try {
      process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.port}`;
      await expect(
        pullCheckpoint('timm/resnest50d.in1k', { endpoint: `http://hub.invalid:${hub.port}` }),
      ).rejects.toThrow(
        new UserError(`proxy 127.0.0.1:${proxy.port} refused to tunnel to hub.invalid:${hub.port} (HTTP 407)`),
      );
      expect(hub.requests).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

// HTTPS through the tunnel needs a certificate the client trusts: a self-signed one made here,
// handed to a CLI process through NODE_EXTRA_CA_CERTS (read by Node only at start-up).
describe.skipIf(!existsSync('/usr/bin/openssl'))('pulling over HTTPS through HTTPS_PROXY', () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));
  let dir: string;
  let hub: FakeHub;
  let proxy: ConnectProxy;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'splitlens-tls-'));
    execFileSync(
      '/usr/bin/openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=hub.invalid',
        '-addext',
        'subjectAltName=DNS:hub.invalid,DNS:cdn.invalid',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    hub = await FakeHub.start({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) });
    hub.addRepo('timm/resnest50d.in1k', tinySafetensors('tiny_resnest'));
    hub.cdnOrigin = `https://cdn.invalid:${hub.port}`;
    proxy = await ConnectProxy.start();
  });

  afterEach(async () => {
    await proxy.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function pullInChild(extraEnv: Record<string, string>): Promise<{ code: number | null; err: string }> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...extraEnv,
      HF_HUB_CACHE: join(dir, 'hub'),
      HF_ENDPOINT: `https://hub.invalid:${hub.port}`,
      HTTPS_PROXY: proxy.url,
    };
    for (const k of ['https_proxy', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY']) delete env[k];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'weights', 'pull', 'resnest50d'], {
      cwd: ROOT,
      env,
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, err })));
  }

  it('speaks TLS to the Hub and its CDN inside CONNECT tunnels', async () => {
    const r = await pullInChild({ NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') });
    expect(r.code, r.err).toBe(0);
    expect(proxy.tunnels.map((t) => t.authority)).toEqual([`hub.invalid:${hub.port}`, `cdn.invalid:${hub.port}`]);
    expect(hub.requests.map((q) => `${q.method} ${q.host}`)).toEqual([
      `HEAD hub.invalid:${hub.port}`,
      `GET cdn.invalid:${hub.port}`,
    ]);
  });

  it('rejects a certificate it does not trust in one line', async () => {
    const r = await pullInChild({});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: cannot download timm\/resnest50d\.in1k from hub\.invalid:\d+: TLS error: self[- ]signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT; behind an intercepting proxy, set NODE_EXTRA_CA_CERTS\)\n$/,
    );
    expect(hub.requests).toEqual([]);
  });
});
