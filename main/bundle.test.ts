import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Bundles main and preload the way scripts/build.mjs does (CJS, node, dependencies external) and
// checks what each will `require` at run time: a sandboxed preload gets only 'electron', and the
// packaged main process has only production dependencies next to it.
const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

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
    const allowed = new Set(['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)]);
    const requires = await requiresOf('main/main.ts');
    expect(requires).toContain('electron');
    expect(requires.filter((r) => !allowed.has(r) && !allowed.has(r.split('/').slice(0, r.startsWith('@') ? 2 : 1).join('/')))).toEqual([]);
  });
});
