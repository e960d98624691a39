import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Bundles main and preload the way scripts/build.mjs does (CJS, node, dependencies external) and
// checks what each will `require` at run time: a sandboxed preload gets only 'electron', and the
// packaged main process has only production dependencies next to it.
const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

async function requiresOf(entry: string): Promise<string[]> {
  const out = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]!.text;
  return [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!))].sort();
}

describe('bundles', () => {
  it('the preload requires nothing but electron (sandboxed preloads cannot load packages)', async () => {
    expect(await requiresOf('main/preload.ts')).toEqual(['electron']);
  });

  it('the main process requires only electron, Node built-ins and production dependencies', async () => {
    const allowed = new Set([
      'electron',
      ...builtinModules,
      ...builtinModules.map((m) => `node:${m}`),
      ...Object.keys(pkg.dependencies),
    ]);
    const requires = await requiresOf('main/main.ts');
    expect(requires).toContain('electron');
    expect(
      requires.filter(
        (r) =>
          !allowed.has(r) &&
          !allowed.has(
            r
              .split('/')
              .slice(0, r.startsWith('@') ? 2 : 1)
              .join('/'),
          ),
      ),
    ).toEqual([]);
  });
});

// Loads the real build of main (scripts/build.mjs) under plain Node with `electron` stubbed, to
// catch what crashes before any window exists: module top-level code of everything bundled.
const STUB = `
const Module = require('module');
const seen = [];
const fn = (name) => (...args) => { seen.push(name + (typeof args[0] === 'string' ? ':' + args[0] : '')); };
const any = () => new Proxy({}, { get: (_t, k) => fn(String(k)) });
const app = new Proxy({
  requestSingleInstanceLock: () => process.env.STUB_LOCK === '1',
  quit: () => seen.push('quit'),
  getAppPath: () => process.cwd(),
  isPackaged: false,
  on: (event) => seen.push('app.on:' + event),
  whenReady: () => new Promise(() => {}),
}, { get: (t, k) => (k in t ? t[k] : fn('app.' + String(k))) });
const electron = new Proxy({ app }, { get: (t, k) => t[k] ?? any() });
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'electron' ? electron : load.call(this, request, ...rest); };
process.on('exit', () => console.log('SEEN ' + JSON.stringify(seen)));
`;

function runMain(lock: boolean): { status: number | null; seen: string[]; stderr: string } {
  const stub = join(mkdtempSync(join(tmpdir(), 'splitlens-stub-')), 'electron-stub.cjs');
  writeFileSync(stub, STUB);
  const r = spawnSync(process.execPath, ['-r', stub, 'dist/main/main.cjs'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STUB_LOCK: lock ? '1' : '0' },
    timeout: 60_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('SEEN '));
  return { status: r.status, seen: line ? (JSON.parse(line.slice(5)) as string[]) : [], stderr: r.stderr };
}

describe('the built main process', () => {
  // The core finds assets and the worker via import.meta.url; build.mjs defines it for the CJS bundle.
  it('loads, registers its scheme and sandbox, and quits when another instance holds the lock', () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs', 'main'], { cwd: root, encoding: 'utf8' });
    expect(build.status).toBe(0);
    const second = runMain(false);
    expect(second.stderr).toBe('');
    expect(second.status).toBe(0);
    expect(second.seen).toEqual(['registerSchemesAsPrivileged', 'app.enableSandbox', 'quit']);
    const first = runMain(true);
    expect(first.status).toBe(0);
    expect(first.seen).toEqual(
      expect.arrayContaining([
        'app.on:open-file',
        'app.on:second-instance',
        'app.on:web-contents-created',
        'app.on:window-all-closed',
      ]),
    );
  });
});
