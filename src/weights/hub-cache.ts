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
  realpathSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  symlinkSync,
  type Stats,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UserError, quoteText } from '../common/errors.js';
import { describeFsError, nonFileKind } from '../common/file-kinds.js';
import { writeFileSafelySync } from '../platform/safe-write.js';
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

/** A commit id as the Hub sends it (`X-Repo-Commit`) and as refs/ and snapshots/ name it. */
export const COMMIT_PATTERN = /^[0-9a-f]{6,64}$/i;

/** Where the cache's `model.safetensors` of a repo leads, checked on the path level (no content read). */
export type LocatedCheckpoint =
  | { kind: 'absent' }
  /** `pointer`: the snapshot path; `real`: the file it resolves to, inside the repo folder. */
  | { kind: 'found'; pointer: string; real: string; repoReal: string; stats: Stats }
  | { kind: 'unusable'; pointer: string; problem: string };

const inside = (path: string, folder: string): boolean => path.startsWith(folder + sep);

const errCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

function realpathOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

function lexists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** `refs/main`: a commit id, nothing (no ref), or what is wrong with it. */
function readMainRef(repo: string): { commit?: string; problem?: string } {
  const ref = join(repo, 'refs', 'main');
  let st: Stats;
  try {
    st = lstatSync(ref);
  } catch (e) {
    return errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR' ? {} : { problem: `refs/main: ${describeFsError(e)}` };
  }
  if (st.isSymbolicLink()) return { problem: 'refs/main is a link (huggingface_hub writes a plain file)' };
  if (!st.isFile() || st.size > 1024) return { problem: 'refs/main is not a commit id file' };
  let text: string;
  try {
    text = readFileSync(ref, 'utf8').trim();
  } catch (e) {
    return { problem: `refs/main: ${describeFsError(e)}` };
  }
  if (!COMMIT_PATTERN.test(text)) return { problem: `refs/main names no commit (${quoteText(text)})` };
  return { commit: text };
}

/** What a snapshot's `model.safetensors` resolves to, confined to the repo folder. */
function checkPointer(pointer: string, repoReal: string): LocatedCheckpoint {
  const unusable = (problem: string): LocatedCheckpoint => ({ kind: 'unusable', pointer, problem });
  let real: string;
  try {
    real = realpathSync(pointer);
  } catch (e) {
    return unusable(
      errCode(e) === 'ENOENT'
        ? 'its blob is missing (the snapshot link dangles)'
        : `it cannot be read (${describeFsError(e)})`,
    );
  }
  if (!inside(real, repoReal)) return unusable(`it links outside the cache (to ${real})`);
  let stats: Stats;
  try {
    stats = statSync(real);
  } catch (e) {
    return unusable(`it cannot be read (${describeFsError(e)})`);
  }
  const kind = nonFileKind(stats);
  if (kind) return unusable(`it is ${kind}, not a file`);
  if (stats.size === 0) return unusable('it is empty (0 bytes)');
  return { kind: 'found', pointer, real, repoReal, stats };
}

/**
 * The cached `model.safetensors` of a repo, found on disk only (never a request): `refs/main`'s
 * snapshot first, else the newest snapshot holding the file (e.g. a revision pinned in Python).
 * Every step stays inside the cache: `refs/main` must be a commit id, and the snapshot file (usually
 * a link into `blobs/`) must resolve to a regular, non-empty file inside the repo folder. A step that
 * fails is reported as `unusable`, never skipped. `inspectCheckpoint` (catalog.ts) checks the content.
 */
export function locateCheckpoint(hfId: string): LocatedCheckpoint {
  const repo = repoFolder(hfId);
  if (!lexists(repo)) return { kind: 'absent' };
  const rootReal = realpathOrUndefined(hubCacheDir());
  const repoReal = realpathOrUndefined(repo);
  if (!rootReal || !repoReal)
    return { kind: 'unusable', pointer: repo, problem: 'its repo folder cannot be read (a dangling link?)' };
  if (!inside(repoReal, rootReal))
    return { kind: 'unusable', pointer: repo, problem: `its repo folder links outside the cache (to ${repoReal})` };
  const ref = readMainRef(repo);
  if (ref.problem) return { kind: 'unusable', pointer: join(repo, 'refs', 'main'), problem: ref.problem };
  const pointerOf = (commit: string): string => join(repo, 'snapshots', commit, WEIGHTS_FILE);
  if (ref.commit && lexists(pointerOf(ref.commit))) return checkPointer(pointerOf(ref.commit), repoReal);
  let commits: string[];
  try {
    commits = readdirSync(join(repo, 'snapshots'));
  } catch {
    return { kind: 'absent' };
  }
  const newest = commits
    .map(pointerOf)
    .filter(lexists)
    .map((p) => ({ p, at: lstatSync(p).mtimeMs }))
    .sort((a, b) => b.at - a.at)[0];
  return newest ? checkPointer(newest.p, repoReal) : { kind: 'absent' };
}

/** Atomically replaces `file` with `content`: a temp file beside it, renamed over, never through a link. */
function writeAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSafelySync(file, content);
}

/**
 * Makes the folders a pull writes into real folders of this cache. Where the huggingface_hub layout
 * has a folder (the repo, blobs/, snapshots/, snapshots/<commit>/, refs/) or refs/main, a link —
 * which could lead the download out of the cache — is removed (the link, never what it points to);
 * any other non-folder there is refused with one line. An empty folder where the blob or the
 * snapshot file goes (nothing of ours) is removed so the finished download can take its place.
 */
export function prepareRepoFolders(hfId: string, commit: string, sha: string): void {
  const repo = repoFolder(hfId);
  const folders = [
    repo,
    join(repo, 'blobs'),
    join(repo, 'snapshots'),
    join(repo, 'snapshots', commit),
    join(repo, 'refs'),
  ];
  for (const dir of folders) {
    let st: Stats | undefined;
    try {
      st = lstatSync(dir);
    } catch {
      st = undefined;
    }
    if (st?.isSymbolicLink()) rmSync(dir);
    else if (st && !st.isDirectory()) throw new UserError(`${dir} is not a folder; move it away and pull again`);
  }
  const main = join(repo, 'refs', 'main');
  if (lexists(main) && lstatSync(main).isSymbolicLink()) rmSync(main); // we write refs/main ourselves
  for (const file of [blobPath(hfId, sha), join(repo, 'snapshots', commit, WEIGHTS_FILE)]) {
    try {
      if (lstatSync(file).isDirectory()) rmdirSync(file);
    } catch (e) {
      if (errCode(e) !== 'ENOENT') throw new UserError(`${file} is a folder, not a file; move it away and pull again`);
    }
  }
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
  const pointer = join(repoFolder(hfId), 'snapshots', commit, WEIGHTS_FILE);
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
  const blobsReal = realpathOrUndefined(blobs);
  for (const commit of listDir(snapshots)) {
    const pointer = join(snapshots, commit, WEIGHTS_FILE);
    let st;
    try {
      st = lstatSync(pointer);
    } catch {
      continue;
    }
    // A link's blob is deleted only when it is one of this repo's blobs: a link planted to lead
    // elsewhere (`/etc/passwd`, another repo) loses the link, never its target.
    if (st.isSymbolicLink()) {
      const target = realpathOrUndefined(pointer);
      if (target && blobsReal && inside(target, blobsReal)) rmSync(target, { force: true });
    }
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
