/**
 * The newcomer docs stay true: every repository path that ARCHITECTURE.md and CONTRIBUTING.md name
 * exists, and the README's "Where things are" lists every folder of the repo and of src/.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (name: string) => readFileSync(join(ROOT, name), 'utf8');

/** Paths a doc names: `code spans` and link targets that start at a top-level folder or file of the repo. */
export function namedPaths(markdown: string, topLevel: ReadonlySet<string>): string[] {
  const spans = [...markdown.matchAll(/`([^`\s]+)`|\]\(([^)\s#]+)\)/g)].map((m) => m[1] ?? m[2]!);
  const paths = spans
    .map((s) => s.replace(/[.,:;]$/, ''))
    .filter((s) => !/^[a-z]+:/i.test(s) && !s.includes('*'))
    .filter((s) => topLevel.has(s.split('/')[0]!));
  return [...new Set(paths)];
}

const TOP_LEVEL = new Set(readdirSync(ROOT).filter((n) => n !== 'node_modules' && !n.startsWith('.git')));

describe('newcomer docs', () => {
  it.each(['ARCHITECTURE.md', 'CONTRIBUTING.md'])('%s names only paths that exist', (doc) => {
    const paths = namedPaths(read(doc), TOP_LEVEL);
    expect(paths.length).toBeGreaterThan(15);
    const missing = paths.filter((p) => !existsSync(join(ROOT, p)));
    expect(missing).toEqual([]);
  });

  it('finds a path that does not exist (the check can fail)', () => {
    const paths = namedPaths('see `src/nowhere/gone.ts` and [x](docs/absent.md)', TOP_LEVEL);
    expect(paths).toEqual(['src/nowhere/gone.ts', 'docs/absent.md']);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toHaveLength(2);
  });

  it('the README\'s "Where things are" lists every folder of the repo and of src/', () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Where things are'));
    const block = section.slice(section.indexOf('```'), section.indexOf('```', section.indexOf('```') + 3));
    const listed = new Set([...block.matchAll(/^\s*([\w.-]+)\/\s/gm)].map((m) => m[1]));
    const folders = (dir: string) =>
      readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
        .map((d) => d.name);
    const ignored = new Set(['node_modules', 'dist', 'test-results', 'playwright-report', 'release']);
    const expected = [...folders('.').filter((f) => !ignored.has(f)), ...folders('src')];
    expect(expected.filter((f) => !listed.has(f))).toEqual([]);
  });
});
