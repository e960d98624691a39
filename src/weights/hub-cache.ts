/**
 * The huggingface_hub cache, shared with Python: `<cache>/models--timm--<id>/blobs/<sha256>`,
 * `snapshots/<commit>/model.safetensors` -> `../../blobs/<sha256>`, `refs/main` = the commit.
 * Follows huggingface_hub's constants.py (HF_HUB_CACHE, HF_HOME) and file_download.py, so a
 * checkpoint Python downloaded is found here with no request, and ours load from Python.
 */
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { repoIdOf } from './checkpoints.js';

export const WEIGHTS_FILE = 'model.safetensors';

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

/** HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE (legacy), else $HF_HOME/hub, else ~/.cache/huggingface/hub. */
export function hubCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE;
  if (explicit) return resolve(expandHome(explicit));
  const xdg = env.XDG_CACHE_HOME ? expandHome(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  const hfHome = env.HF_HOME ? expandHome(env.HF_HOME) : join(xdg, 'huggingface');
  return resolve(hfHome, 'hub');
}

/** `<cache>/models--timm--resnet50.a1_in1k` */
export function repoFolder(hfId: string): string {
  return join(hubCacheDir(), ['models', ...repoIdOf(hfId).split('/')].join('--'));
}

export function blobPath(hfId: string, sha: string): string {
  return join(repoFolder(hfId), 'blobs', sha);
}

/** Where a download in progress lives (huggingface_hub's name, so either tool can resume it). */
export function incompletePath(hfId: string, sha: string): string {
  return `${blobPath(hfId, sha)}.incomplete`;
}

function snapshotFile(hfId: string, commit: string): string {
  return join(repoFolder(hfId), 'snapshots', commit, WEIGHTS_FILE);
}

function isUsableFile(p: string): boolean {
  try {
    const st = statSync(p); // follows the snapshot symlink: a dangling link is not a checkpoint
    return st.isFile() && st.size > 0;
  } catch {
    return false;
  }
}

function readRef(hfId: string, ref: string): string | undefined {
  try {
    return readFileSync(join(repoFolder(hfId), 'refs', ref), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cached `model.safetensors` of a repo, found on disk only (never a request): `refs/main`'s
 * snapshot first, else the newest snapshot holding the file (e.g. a revision pinned in Python).
 */
export function findCachedCheckpoint(hfId: string): string | undefined {
  const main = readRef(hfId, 'main');
  if (main && isUsableFile(snapshotFile(hfId, main))) return snapshotFile(hfId, main);
  const snapshots = join(repoFolder(hfId), 'snapshots');
  let commits: string[];
  try {
    commits = readdirSync(snapshots);
  } catch {
    return undefined;
  }
  const candidates = commits
    .map((c) => snapshotFile(hfId, c))
    .filter(isUsableFile)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return candidates[0];
}

/** Atomically replaces `file` with `content` (write a sibling, rename over). */
function writeAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/**
 * Points `snapshots/<commit>/model.safetensors` at a finished blob and moves `refs/main` to the
 * commit, in that order, so a reader following refs never sees a half-made snapshot. Where the
 * filesystem refuses symlinks, does what huggingface_hub does: moves a new blob into the snapshot
 * (copies a blob other snapshots may share).
 */
export function commitToCache(
  hfId: string,
  commit: string,
  sha: string,
  opts: { newBlob: boolean; symlink?: (target: string, path: string) => void },
): string {
  const blob = blobPath(hfId, sha);
  const pointer = snapshotFile(hfId, commit);
  mkdirSync(dirname(pointer), { recursive: true });
  const tmp = `${pointer}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    (opts.symlink ?? symlinkSync)(relative(dirname(pointer), blob), tmp);
    renameSync(tmp, pointer);
  } catch {
    rmSync(tmp, { force: true });
    if (opts.newBlob) renameSync(blob, pointer);
    else {
      copyFileSync(blob, tmp);
      renameSync(tmp, pointer);
    }
  }
  writeAtomic(join(repoFolder(hfId), 'refs', 'main'), commit);
  return pointer;
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty or already gone
  }
}

/**
 * Deletes the cached `model.safetensors` of a repo (every snapshot's pointer, the blobs they point
 * to, partial downloads) and the repo folder once nothing else of it is left. Other files Python
 * cached in the same repo stay. Returns whether anything was removed.
 */
export function removeCheckpoint(hfId: string): boolean {
  const folder = repoFolder(hfId);
  if (!existsSync(folder)) return false;
  let removed = false;
  const snapshots = join(folder, 'snapshots');
  const blobs = join(folder, 'blobs');
  const listDir = (d: string): string[] => (existsSync(d) ? readdirSync(d) : []);
  for (const commit of listDir(snapshots)) {
    const pointer = join(snapshots, commit, WEIGHTS_FILE);
    let st;
    try {
      st = lstatSync(pointer);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) rmSync(resolve(dirname(pointer), readlinkSync(pointer)), { force: true });
    rmSync(pointer, { force: true });
    removeIfEmpty(join(snapshots, commit));
    removed = true;
  }
  for (const name of listDir(blobs)) {
    if (name.endsWith('.incomplete')) {
      rmSync(join(blobs, name), { force: true });
      removed = true;
    }
  }
  removeIfEmpty(snapshots);
  removeIfEmpty(blobs);
  if (!existsSync(snapshots) && !existsSync(blobs)) {
    rmSync(folder, { recursive: true, force: true }); // only refs/ and .no_exist/ were left
    rmSync(join(dirname(folder), '.locks', basename(folder)), { recursive: true, force: true });
  }
  return removed;
}
