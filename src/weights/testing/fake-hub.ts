/**
 * A real HTTP server on 127.0.0.1 for tests, speaking the Hugging Face Hub's download protocol:
 * `/<repo>/resolve/<rev>/<file>` answers 302 to a CDN path on this server under another host name
 * (`localhost`, as the Hub's CDN is another host, which huggingface_hub does not follow on HEAD) with
 * `X-Repo-Commit`, `X-Linked-Etag`, `X-Linked-Size`; the CDN path serves bytes with Range support.
 * Faults on demand: cut the connection after N bytes, serve wrong bytes, never answer.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface FakeRepo {
  repoId: string;
  bytes: Buffer;
  sha256: string;
  commit: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  host: string | undefined;
  range: string | undefined;
}

export interface Faults {
  /** The next `times` CDN responses close the socket after `bytes` body bytes. */
  dropAfter?: { bytes: number; times: number };
  /** The next N CDN responses carry wrong bytes (right length, right headers). */
  corrupt?: number;
  /** CDN requests are accepted and never answered. */
  stall?: boolean;
  /** CDN responses send this many body bytes, then go silent (connection held open). */
  stallAfter?: number;
  /** The CDN answers Range requests with the whole file (200), as some servers do. */
  ignoreRange?: boolean;
}

const CHUNK = 64 * 1024;

export class FakeHub {
  readonly requests: RecordedRequest[] = [];
  readonly repos = new Map<string, FakeRepo>();
  /** Old repo id → new: answered with a relative 307, like a renamed repo on the Hub. */
  readonly renames = new Map<string, string>();
  faults: Faults = {};
  /** Origin the 302 points at (the Hub's is cdn-lfs.hf.co); default: this server as `localhost`. */
  cdnOrigin: string | undefined;
  private stalled: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly scheme: 'http' | 'https',
  ) {}

  /** `tls`: serve HTTPS with this key and certificate. */
  static async start(tls?: { key: Buffer; cert: Buffer }): Promise<FakeHub> {
    const server = tls ? createTlsServer(tls) : createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hub = new FakeHub(server, (server.address() as AddressInfo).port, tls ? 'https' : 'http');
    server.on('request', (req, res) => hub.handle(req, res));
    return hub;
  }

  get endpoint(): string {
    return `${this.scheme}://127.0.0.1:${this.port}`;
  }

  addRepo(repoId: string, bytes: Buffer): FakeRepo {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const commit = createHash('sha1').update(`${repoId}@${sha256}`).digest('hex');
    const repo = { repoId, bytes, sha256, commit };
    this.repos.set(repoId, repo);
    return repo;
  }

  async close(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.endpoint);
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      host: req.headers.host,
      range: req.headers.range,
    });
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (resolve) return this.resolveFile(res, resolve[1]!, resolve[2]!, resolve[3]!);
    const cdn = /^\/cdn-lfs\/([0-9a-f]{64})$/.exec(url.pathname);
    const repo = cdn && [...this.repos.values()].find((r) => r.sha256 === cdn[1]);
    if (repo && req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': String(repo.bytes.length), 'accept-ranges': 'bytes' }).end();
      return;
    }
    if (repo && req.method === 'GET') return this.serveBytes(req, res, repo);
    res.writeHead(404).end();
  }

  private resolveFile(res: ServerResponse, repoId: string, rev: string, file: string): void {
    const renamed = this.renames.get(repoId);
    if (renamed) {
      res.writeHead(307, { location: `/${renamed}/resolve/${rev}/${file}` }).end();
      return;
    }
    const repo = this.repos.get(repoId);
    if (!repo) {
      res
        .writeHead(404, { 'x-error-code': 'RepoNotFound', 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'Repository not found' }));
      return;
    }
    if (file !== 'model.safetensors') {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end();
      return;
    }
    res
      .writeHead(302, {
        location: `${this.cdnOrigin ?? `${this.scheme}://localhost:${this.port}`}/cdn-lfs/${repo.sha256}`,
        'x-repo-commit': repo.commit,
        'x-linked-etag': `"${repo.sha256}"`,
        'x-linked-size': String(repo.bytes.length),
        // The Hub's own ETag names the LFS pointer, not the bytes: clients must prefer X-Linked-Etag.
        etag: `"${createHash('sha1').update(repo.sha256).digest('hex')}"`,
        'content-length': '0',
      })
      .end();
  }

  private serveBytes(req: IncomingMessage, res: ServerResponse, repo: FakeRepo): void {
    if (this.faults.stall) {
      this.stalled.push(res);
      return;
    }
    const size = repo.bytes.length;
    const range = this.faults.ignoreRange ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= size && range) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    let body = repo.bytes.subarray(start);
    if (this.faults.corrupt) {
      this.faults.corrupt--;
      body = Buffer.from(body);
      body[body.length >> 1]! ^= 0xff;
    }
    let limit = body.length;
    let hold = false;
    if (this.faults.stallAfter !== undefined && this.faults.stallAfter < limit) {
      limit = this.faults.stallAfter;
      hold = true;
      this.stalled.push(res);
    }
    if (this.faults.dropAfter && this.faults.dropAfter.times > 0) {
      this.faults.dropAfter.times--;
      limit = Math.min(limit, this.faults.dropAfter.bytes);
    }
    const headers: Record<string, string> = { 'content-length': String(body.length), 'accept-ranges': 'bytes' };
    if (range) headers['content-range'] = `bytes ${start}-${size - 1}/${size}`;
    res.writeHead(range ? 206 : 200, headers);
    this.stream(res, body, limit, hold);
  }

  /** Writes `body` in chunks with backpressure; at `limit` bytes cuts the socket, or holds it open. */
  private stream(res: ServerResponse, body: Buffer, limit: number, hold = false): void {
    let offset = 0;
    const next = (): void => {
      while (offset < limit) {
        const end = Math.min(offset + CHUNK, limit);
        const ok = res.write(body.subarray(offset, end));
        offset = end;
        if (!ok) {
          res.once('drain', next);
          return;
        }
      }
      if (hold) return;
      if (limit < body.length) res.socket?.end(() => res.socket?.destroy());
      else res.end();
    };
    next();
  }
}
