/**
 * `pullCheckpoint`: a timm checkpoint from the Hub into the huggingface_hub cache, the way
 * `hf_hub_download` does it (HEAD for commit/etag/size, GET the CDN URL into
 * `blobs/<etag>.incomplete`, rename, snapshot symlink, refs/main), plus a sha256 check of the bytes.
 * A cached, verified checkpoint returns at once with no request (`force` fetches it again, replacing
 * it only once the new bytes are verified); HF_HUB_OFFLINE=1 forbids requests.
 */
import { lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError, isUserError, oneLine } from '../common/errors.js';
import { repoIdOf } from './checkpoints.js';
import { fetchToFile, mb, sha256File, sizeOf, type ProgressFn } from './fetch-blob.js';
import { DEFAULT_TIMEOUT_MS, describeNetError, isNetworkError } from './http-client.js';
import { findCachedCheckpoint, inspectCheckpoint } from './catalog.js';
import { blobPath, commitToCache, hubCacheDir, incompletePath, prepareRepoFolders, WEIGHTS_FILE } from './hub-cache.js';
import { fetchRemoteFile, type RemoteFile } from './hub-metadata.js';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export interface PullOptions {
  /** Bytes done / total, including bytes kept from an earlier, interrupted pull. */
  onProgress?: ProgressFn;
  signal?: AbortSignal;
  /** Hub base URL; default `HF_ENDPOINT`, else https://huggingface.co. */
  endpoint?: string;
  /** Longest silence while connecting or receiving (default 30 s). */
  timeoutMs?: number;
  /** Download again even when a verified copy is cached (the copy stays until the new one is verified). */
  force?: boolean;
}

function endpointUrl(opts: PullOptions): URL {
  const raw = opts.endpoint ?? (process.env.HF_ENDPOINT || DEFAULT_ENDPOINT);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`Hub endpoint '${raw}' is not a valid URL (check HF_ENDPOINT)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError(`Hub endpoint '${raw}' must be an http:// or https:// URL`);
  }
  return url;
}

function offline(): boolean {
  return ['1', 'true', 'yes', 'on'].includes((process.env.HF_HUB_OFFLINE ?? '').toLowerCase());
}

/** Network and disk failures become one line naming the checkpoint and the host. */
function asUserError(e: unknown, repoId: string, host: string): Error {
  if (isUserError(e)) return e as Error;
  if (isNetworkError(e))
    return new UserError(`cannot download ${repoId} from ${host}: ${describeNetError(e)}`, { cause: e });
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('E')) {
    return new UserError(`cannot write ${repoId} into ${hubCacheDir()}: ${oneLine(e)}`, { cause: e });
  }
  return e as Error;
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    await fh.sync().finally(() => fh.close());
  } catch {
    // directories cannot be opened on Windows; rename is already atomic there
  }
}

/** Downloads into `.incomplete` until its size and sha256 match; one clean refetch on a mismatch. */
async function downloadVerified(
  repoId: string,
  remote: RemoteFile,
  opts: PullOptions,
  timeoutMs: number,
): Promise<void> {
  const partial = incompletePath(repoId, remote.etag);
  for (let attempt = 1; ; attempt++) {
    await fetchToFile(remote.downloadUrl, partial, remote.size, {
      signal: opts.signal,
      timeoutMs,
      onProgress: opts.onProgress,
      label: repoId,
    });
    const size = await sizeOf(partial);
    const sha = remote.sha256 ? await sha256File(partial) : undefined;
    if (size === remote.size && sha === remote.sha256) return;
    rmSync(partial, { force: true });
    if (attempt >= 2) {
      const why =
        size !== remote.size
          ? `got ${mb(size)} MB of ${mb(remote.size)} MB`
          : `sha256 ${sha!.slice(0, 12)}… instead of ${remote.sha256!.slice(0, 12)}…`;
      throw new UserError(
        `${repoId}: download from ${remote.downloadUrl.host} is corrupt twice (${why}); deleted it, try again later`,
      );
    }
  }
}

/** A blob already in the cache holding exactly the remote file's bytes (a regular file, right size and sha256). */
async function blobMatches(blob: string, remote: RemoteFile): Promise<boolean> {
  try {
    const st = lstatSync(blob);
    return st.isFile() && st.size === remote.size && !!remote.sha256 && (await sha256File(blob)) === remote.sha256;
  } catch {
    return false;
  }
}

/** The pulled checkpoint, verified as every cached one is (structure, finite values). */
function verifiedPath(repoId: string): string {
  const c = inspectCheckpoint(repoId);
  if (c.state === 'verified') return c.path;
  const why = c.state === 'damaged' ? c.problem : 'it is not in the cache after the download';
  throw new UserError(`${repoId}: the downloaded checkpoint is unusable (${why})`);
}

async function pullUncached(repoId: string, opts: PullOptions): Promise<string> {
  if (!opts.force) {
    const cached = findCachedCheckpoint(repoId); // another pull may have finished meanwhile
    if (cached) return cached;
  }
  if (offline()) {
    throw new UserError(`${repoId} is not in the cache (${hubCacheDir()}) and HF_HUB_OFFLINE is set`);
  }
  const endpoint = endpointUrl(opts);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let host = endpoint.host;
  try {
    const remote = await fetchRemoteFile(endpoint, repoId, WEIGHTS_FILE, { signal: opts.signal, timeoutMs });
    host = remote.downloadUrl.host;
    prepareRepoFolders(repoId, remote.commit, remote.etag);
    const blob = blobPath(repoId, remote.etag);
    if (!opts.force && (await blobMatches(blob, remote))) {
      commitToCache(repoId, remote.commit, remote.etag, { newBlob: false }); // same bytes, other commit
      return verifiedPath(repoId);
    }
    mkdirSync(dirname(blob), { recursive: true });
    await downloadVerified(repoId, remote, opts, timeoutMs);
    // rename replaces whatever was there (a damaged blob, a planted link) and never follows a link
    renameSync(incompletePath(repoId, remote.etag), blob);
    await fsyncDir(dirname(blob));
    commitToCache(repoId, remote.commit, remote.etag, { newBlob: true });
    return verifiedPath(repoId);
  } catch (e) {
    throw asUserError(e, repoId, host);
  }
}

/** One pull per repo at a time in this process; a second caller waits, then finds it cached. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Path of the cached `model.safetensors` of `hfId` (`timm/resnet50.a1_in1k`), downloading it first
 * when it is not cached. Rejects with a one-line UserError (offline, 404, corrupt...) or, when
 * `signal` aborts, a CancelledError; the partial download is kept and the next pull resumes it.
 */
export function pullCheckpoint(hfId: string, opts: PullOptions = {}): Promise<string> {
  let repoId: string;
  let cached: string | undefined;
  try {
    repoId = repoIdOf(hfId);
    cached = opts.force ? undefined : findCachedCheckpoint(repoId);
  } catch (e) {
    return Promise.reject(e);
  }
  if (cached) return Promise.resolve(cached);
  const previous = queues.get(repoId) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => pullUncached(repoId, opts));
  const tail = run.finally(() => {
    if (queues.get(repoId) === tail) queues.delete(repoId);
  });
  tail.catch(() => undefined);
  queues.set(repoId, tail);
  return run;
}
