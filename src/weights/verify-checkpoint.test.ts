// "Verified once, result remembered": the verdict kept beside the cache is used while the file is
// unchanged and dropped as soon as its size, mtime, ctime or inode changes; the record itself is
// untrusted input (garbage ignored, a link never written through).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectCheckpoint, removeCheckpoint } from './index.js';
import { pullCheckpoint } from './pull.js';
import { forgetVerdicts, VERIFIED_RECORD } from './verify-checkpoint.js';
import type { FakeRepo } from './testing/fake-hub.js';
import { openHubSandbox, tinySafetensors, type HubSandbox } from './testing/hub-sandbox.js';

const ID = 'timm/resnet50.a1_in1k';
let sandbox: HubSandbox;
let repo: FakeRepo;
let dir: string;
let record: string;
let blob: string;

beforeEach(async () => {
  sandbox = await openHubSandbox();
  repo = sandbox.hub.addRepo(ID, tinySafetensors('tiny_resnet'));
  await pullCheckpoint(ID, { endpoint: sandbox.hub.endpoint });
  dir = join(sandbox.cache, 'models--timm--resnet50.a1_in1k');
  record = join(dir, VERIFIED_RECORD);
  blob = join(dir, 'blobs', repo.sha256);
  forgetVerdicts();
});

afterEach(() => sandbox.close());

type Record = { version: 1; files: { [k: string]: { size: number; mtimeMs: number; problem: string | null } } };
const readRecord = (): Record => JSON.parse(readFileSync(record, 'utf8')) as Record;

describe('the verification record', () => {
  it('is written by the pull, keyed by the blob, and trusted while the file is unchanged', () => {
    const r = readRecord();
    const key = `blobs/${repo.sha256}`;
    expect(Object.keys(r.files)).toEqual([key]);
    expect(r.files[key]).toMatchObject({ size: statSync(blob).size, mtimeMs: statSync(blob).mtimeMs, problem: null });
    // Proof that an unchanged file is not read again: a verdict planted in the record is believed.
    r.files[key]!.problem = 'planted verdict';
    writeFileSync(record, JSON.stringify(r));
    expect(inspectCheckpoint(ID)).toMatchObject({ state: 'damaged', problem: 'planted verdict' });
    // Touching the file invalidates the verdict: it is checked again, and sound.
    const t = new Date(Date.now() + 5000);
    utimesSync(blob, t, t);
    expect(inspectCheckpoint(ID).state).toBe('verified');
    expect(readRecord().files[key]!.problem).toBeNull();
  });

  it('catches bytes changed in place with the same size and the mtime put back (the ctime moves)', () => {
    expect(inspectCheckpoint(ID).state).toBe('verified');
    const before = statSync(blob);
    const bytes = readFileSync(blob);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x01;
    writeFileSync(blob, bytes);
    utimesSync(blob, before.atimeMs / 1000, before.mtimeMs / 1000); // as exact as Node can set it
    expect(Math.abs(statSync(blob).mtimeMs - before.mtimeMs)).toBeLessThan(0.01);
    expect(statSync(blob).size).toBe(before.size);
    expect(inspectCheckpoint(ID)).toMatchObject({ state: 'damaged', problem: expect.stringMatching(/sha256/) });
  });

  it('ignores a garbage record and never writes through a record that is a link', () => {
    writeFileSync(record, '{"version": 1, "files": {"x": 3}}');
    expect(inspectCheckpoint(ID).state).toBe('verified');
    const elsewhere = join(sandbox.cache, 'elsewhere.json');
    writeFileSync(elsewhere, 'keep me');
    rmSync(record);
    symlinkSync(elsewhere, record);
    forgetVerdicts();
    expect(inspectCheckpoint(ID).state).toBe('verified');
    expect(readFileSync(elsewhere, 'utf8')).toBe('keep me');
    expect(lstatSync(record).isSymbolicLink()).toBe(true);
  });

  it('goes away with the checkpoint', () => {
    expect(removeCheckpoint(ID)).toBe(true);
    expect(existsSync(record)).toBe(false);
  });
});
