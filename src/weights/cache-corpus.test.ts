// The cache-corruption corpus (testing/cache-corpus.ts), generated here: every damaged cache is
// reported damaged with one line — by the verifier, by `weights list` (a warning naming the refetch
// command), by the app's model list — never used or labelled pretrained; `weights pull --force`
// then restores a verified checkpoint without touching anything outside the cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelRegistry, headlineZoo } from '../api/model-registry.js';
import { runCaptured } from '../cli/testing/run-captured.js';
import { findCachedCheckpoint, inspectCheckpoint, weightState } from './catalog.js';
import { pullCheckpoint } from './pull.js';
import { cacheCorpus, fingerprint, type CorpusCache } from './testing/cache-corpus.js';
import type { FakeRepo } from './testing/fake-hub.js';
import { openHubSandbox, tinySafetensors, type HubSandbox } from './testing/hub-sandbox.js';

const ID = 'timm/resnet50.a1_in1k';
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const PASSWD = (() => {
  try {
    return sha256(readFileSync('/etc/passwd'));
  } catch {
    return undefined;
  }
})();

let sandbox: HubSandbox;
let hub: string;
let repo: FakeRepo;
let template: string;
const saved = process.env.HF_ENDPOINT;

beforeAll(async () => {
  sandbox = await openHubSandbox(['HF_ENDPOINT']);
  // The cache one level down, so `../../../outside` from a snapshot stays inside the sandbox.
  hub = join(sandbox.cache, 'hub');
  process.env.HF_HUB_CACHE = hub;
  process.env.HF_ENDPOINT = sandbox.hub.endpoint;
  repo = sandbox.hub.addRepo(ID, tinySafetensors('tiny_resnet'));
  await pullCheckpoint(ID);
  template = join(sandbox.cache, 'template');
  cpSync(join(hub, 'models--timm--resnet50.a1_in1k'), template, { recursive: true, verbatimSymlinks: true });
});

afterAll(async () => {
  await sandbox.close();
  if (saved === undefined) delete process.env.HF_ENDPOINT;
  else process.env.HF_ENDPOINT = saved;
});

/** A fresh good cache (checked once, so its verdict is remembered) and an empty outside folder. */
function freshCache(i: number): CorpusCache {
  const dir = join(hub, 'models--timm--resnet50.a1_in1k');
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(sandbox.cache, 'outside'), { recursive: true, force: true });
  cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
  const outside = join(sandbox.cache, `outside-${i}`);
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'decoy.safetensors'), tinySafetensors('tiny_resnest'));
  expect(inspectCheckpoint(ID).state).toBe('verified');
  return {
    repo: dir,
    blob: join(dir, 'blobs', repo.sha256),
    pointer: join(dir, 'snapshots', repo.commit, 'model.safetensors'),
    commit: repo.commit,
    bytes: tinySafetensors('tiny_resnet'),
    outside,
  };
}

describe('the cache-corruption corpus', () => {
  it('reports every damaged cache in one line with a refetch, never as pretrained, and refetches it', async () => {
    const cases = cacheCorpus();
    const counts = { cases: cases.length, damaged: 0, warned: 0, refetched: 0, pretrained: 0, multiLine: 0 };
    const byGroup = new Map<string, number>();
    const failures: string[] = [];
    const lines: string[] = [];
    for (const [i, c] of cases.entries()) {
      const cache = freshCache(i);
      c.damage(cache);
      const outsideBefore = fingerprint(cache.outside);
      const seen = inspectCheckpoint(ID);
      const problem = seen.state === 'damaged' ? seen.problem : '';
      if (seen.state === 'damaged') counts.damaged++;
      if (seen.state === 'verified' || findCachedCheckpoint(ID) || weightState('resnet50') === 'pretrained')
        counts.pretrained++;
      if (/[\n\r]/.test(problem) || problem.length > 300) counts.multiLine++;

      // `weights list`: the row says damaged, and one warning line names the refetch command.
      const listed = await runCaptured(['weights', 'list']);
      const row = listed.out.split('\n').find((l) => l.startsWith('resnet50 ')) ?? '';
      const warnings = listed.err.split('\n').filter(Boolean);
      const warned =
        listed.code === 0 &&
        /^resnet50 +timm\/resnet50\.a1_in1k +damaged /.test(row) &&
        warnings.length === 1 &&
        warnings[0]!.startsWith(`warning: resnet50: the cached checkpoint ${ID} is damaged (`) &&
        warnings[0]!.endsWith('; fetch it again: splitlens weights pull resnet50 --force');
      if (warned) counts.warned++;

      // The app's model list: the same state and reason.
      const entry = new ModelRegistry(headlineZoo()).list().find((m) => m.id === 'resnet50')!;
      if (entry.weights !== 'damaged' || !entry.weightsProblem?.includes(problem)) failures.push(`${c.name}: app`);

      const pulled = await runCaptured(['weights', 'pull', 'resnet50', '--force']);
      const after = inspectCheckpoint(ID);
      const outsideKept = [...outsideBefore].every(([p, h]) => fingerprint(cache.outside).get(p) === h);
      if (pulled.code === 0 && after.state === 'verified' && outsideKept) counts.refetched++;
      else failures.push(`${c.name}: refetch ${pulled.code} ${pulled.err.trim()} → ${JSON.stringify(after)}`);

      if (seen.state !== 'damaged' || !warned) failures.push(`${c.name}: ${JSON.stringify(seen)} ${listed.err.trim()}`);
      byGroup.set(c.group, (byGroup.get(c.group) ?? 0) + 1);
      lines.push(`  ${c.group} / ${c.name}: ${problem}`);
    }
    console.log(
      `cache corpus: ${counts.cases} cases (${[...byGroup].map(([g, n]) => `${n} ${g}`).join(', ')}); ` +
        `${counts.damaged} reported damaged, ${counts.warned} warned with the refetch command in \`weights list\`, ` +
        `${counts.refetched} restored by \`weights pull --force\`, ${counts.pretrained} run or labelled pretrained, ` +
        `${counts.multiLine} multi-line messages\n${lines.join('\n')}`,
    );
    expect(failures).toEqual([]);
    expect(counts).toEqual({
      cases: cases.length,
      damaged: cases.length,
      warned: cases.length,
      refetched: cases.length,
      pretrained: 0,
      multiLine: 0,
    });
    expect(cases.length).toBeGreaterThanOrEqual(40);
    if (PASSWD) expect(sha256(readFileSync('/etc/passwd'))).toBe(PASSWD);
  });
});
