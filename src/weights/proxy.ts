/**
 * Proxies from the environment, as curl and Python requests read them: HTTPS_PROXY for https URLs,
 * HTTP_PROXY for http, ALL_PROXY for both (lower-case spellings first), NO_PROXY exceptions; loopback
 * is never proxied. Both schemes go through an HTTP CONNECT tunnel (RFC 9110 §9.3.6), as undici does.
 */
import { request as plainRequest } from 'node:http';
import { request as tlsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { UserError } from '../common/errors.js';

/** URL.hostname keeps IPv6 brackets; sockets and NO_PROXY want them off. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

export function defaultPort(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    (isIP(host) === 4 && host.startsWith('127.'))
  );
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function matchesEntry(host: string, port: number, raw: string): boolean {
  let entry = raw.toLowerCase();
  if (entry === '*') return true;
  const v4cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(entry);
  if (v4cidr) {
    if (isIP(host) !== 4) return false;
    const bits = Number(v4cidr[2]);
    const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
    return (ipv4ToInt(host) & mask) >>> 0 === (ipv4ToInt(v4cidr[1]!) & mask) >>> 0;
  }
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
  if (withPort) {
    if (Number(withPort[2]) !== port) return false;
    entry = withPort[1]!;
  }
  entry = entry.replace(/^\[(.*)\]$/, '$1').replace(/^\*?\./, '');
  return host === entry || host.endsWith(`.${entry}`);
}

function firstSet(env: NodeJS.ProcessEnv, names: string[]): string | undefined {
  for (const n of names) {
    const v = env[n]?.trim();
    if (v) return v;
  }
  return undefined;
}

/** The proxy a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const host = bareHost(target);
  if (isLoopback(host)) return undefined;
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']) ?? '';
  const port = defaultPort(target);
  if (noProxy.split(/[\s,]+/).some((e) => e && matchesEntry(host, port, e))) return undefined;
  const names =
    target.protocol === 'https:'
      ? ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY']
      : ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];
  const raw = firstSet(env, names);
  if (!raw) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new UserError(`proxy setting '${raw}' is not a valid URL`);
  }
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    throw new UserError(`proxy '${proxy.protocol}//${proxy.host}' is not supported: use an http:// or https:// proxy`);
  }
  return proxy;
}

/**
 * Opens a TCP tunnel to host:port through `proxy` with CONNECT. Resolves with the raw socket once
 * the proxy answers 200; the caller speaks HTTP or TLS over it.
 */
export function openTunnel(
  proxy: URL,
  host: string,
  port: number,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<Socket> {
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.username) {
    const cred = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(cred).toString('base64')}`;
  }
  return new Promise((resolve, reject) => {
    const req = (proxy.protocol === 'https:' ? tlsRequest : plainRequest)({
      host: bareHost(proxy),
      port: defaultPort(proxy),
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
      signal: opts.signal,
    });
    req.setTimeout(opts.timeoutMs, () => {
      req.destroy(Object.assign(new Error(`proxy ${proxy.host} did not answer`), { code: 'ETIMEDOUT' }));
    });
    req.once('connect', (res, socket) => {
      socket.setTimeout(0);
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new UserError(`proxy ${proxy.host} refused to tunnel to ${authority} (HTTP ${res.statusCode})`));
    });
    req.once('error', reject);
    req.end();
  });
}
