/**
 * What the Hub says about a file before we fetch it, read the way huggingface_hub's
 * `get_hf_file_metadata` does: a HEAD on `/resolve/main/`, redirects within the Hub followed
 * (renamed repos), one to another host (the LFS/Xet CDN) not followed but kept as the download URL,
 * and the `X-Repo-Commit`, `X-Linked-Etag` (sha256 of an LFS file) and `X-Linked-Size` headers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { UserError } from '../common/errors.js';
import { drain, httpRequest } from './http-client.js';

export interface RemoteFile {
  /** Commit `main` points at (`X-Repo-Commit`): the snapshot folder name. */
  commit: string;
  /** Normalised etag: the blob's file name, and for LFS files its sha256. */
  etag: string;
  /** The etag when it is a sha256 (LFS); then the bytes are checked against it. */
  sha256: string | undefined;
  size: number;
  /** Where the bytes are: the CDN URL of the redirect, or the resolve URL itself. */
  downloadUrl: URL;
}

const MAX_REDIRECTS = 5;
/** Hosts huggingface_hub treats as the Hub itself when deciding whether to follow a redirect. */
const HUB_HOSTS = new Set(['huggingface.co', 'hf.co']);

/** huggingface_hub's `_is_same_or_hub_host`: stay on the Hub, stop before a CDN or storage host. */
function staysOnHub(from: URL, to: URL): boolean {
  return to.hostname.toLowerCase() === from.hostname.toLowerCase() || HUB_HOSTS.has(to.hostname.toLowerCase());
}

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `W/"abc"` → `abc`, as huggingface_hub's `_normalize_etag`. */
export function normaliseEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

export function resolveUrl(endpoint: URL, repoId: string, file: string): URL {
  const base = endpoint.href.replace(/\/+$/, '');
  return new URL(`${base}/${repoId}/resolve/main/${file}`);
}

function statusError(repoId: string, file: string, url: URL, status: number, h: IncomingHttpHeaders): UserError {
  const code = header(h, 'x-error-code');
  const where = `${url.protocol}//${url.host}`;
  if (status === 404) {
    const what = code === 'EntryNotFound' ? `${file} is not in the repository` : 'repository not found';
    return new UserError(`${repoId}: ${what} on ${where} (HTTP 404)`);
  }
  if (status === 401 || status === 403) {
    return new UserError(`${repoId}: access denied by ${where} (HTTP ${status}; gated or private repository)`);
  }
  return new UserError(`${repoId}: ${where} answered HTTP ${status} for ${file}`);
}

export async function fetchRemoteFile(
  endpoint: URL,
  repoId: string,
  file: string,
  opts: { signal?: AbortSignal; timeoutMs: number },
): Promise<RemoteFile> {
  let url = resolveUrl(endpoint, repoId, file);
  for (let hop = 0; ; hop++) {
    const res = await httpRequest(url, { method: 'HEAD', ...opts });
    drain(res);
    const status = res.statusCode ?? 0;
    const h = res.headers;
    const location = header(h, 'location');
    const target = status >= 300 && status < 400 && location ? new URL(location, url) : undefined;
    if (target && staysOnHub(url, target)) {
      if (hop >= MAX_REDIRECTS) throw new UserError(`${repoId}: too many redirects from ${url.host}`);
      url = target;
      continue;
    }
    if (status >= 400 || status < 200) throw statusError(repoId, file, url, status, h);
    const commit = header(h, 'x-repo-commit');
    const rawEtag = header(h, 'x-linked-etag') ?? header(h, 'etag');
    const size = Number(header(h, 'x-linked-size') ?? header(h, 'content-length'));
    if (!commit || !rawEtag || !Number.isSafeInteger(size) || size < 0) {
      throw new UserError(
        `${repoId}: ${url.host} does not look like a Hugging Face Hub (no X-Repo-Commit/ETag/size headers)`,
      );
    }
    if (!/^[0-9a-f]{6,64}$/i.test(commit)) throw new UserError(`${repoId}: ${url.host} sent a malformed commit id`);
    const etag = normaliseEtag(rawEtag);
    if (!/^[\w-]{1,128}$/.test(etag)) throw new UserError(`${repoId}: ${url.host} sent a malformed ETag`);
    const downloadUrl = target ?? url;
    return { commit, etag, sha256: /^[0-9a-f]{64}$/i.test(etag) ? etag.toLowerCase() : undefined, size, downloadUrl };
  }
}
