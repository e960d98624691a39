import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { handleAppRequest, resolveAppFile } from './app-protocol.js';
import { CONTENT_SECURITY_POLICY } from './security-policy.js';

const base = mkdtempSync(join(tmpdir(), 'splitlens-protocol-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><title>splitlens</title>');
writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(join(base, 'secret.txt'), 'outside the renderer folder');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveAppFile', () => {
  it('maps app://splitlens paths into the renderer folder', () => {
    expect(resolveAppFile('app://splitlens/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://splitlens/index.html?x=1#/a', root)).toBe(join(root, 'index.html'));
    expect(resolveAppFile('app://splitlens/assets/index-abc.js', root)).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it('keeps dot segments the URL parser resolves inside the folder', () => {
    expect(resolveAppFile('app://splitlens/%2e%2e/secret.txt', root)).toBe(join(root, 'secret.txt'));
    expect(resolveAppFile('app://splitlens/../../secret.txt', root)).toBe(join(root, 'secret.txt'));
  });

  it.each([
    'app://splitlens/..%2fsecret.txt',
    'app://splitlens/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://splitlens/..%5csecret.txt',
    'app://splitlens/index.html%00.js',
    'app://splitlens/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
    'https://splitlens/index.html',
    'nonsense',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(url, root)).toBeNull();
  });
});

describe('handleAppRequest', () => {
  it('serves the page with the CSP, nosniff and its MIME type', async () => {
    const res = await handleAppRequest(new Request('app://splitlens/index.html'), root);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>splitlens</title>');
    const js = await handleAppRequest(new Request('app://splitlens/assets/index-abc.js'), root);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for files outside the folder, missing files and folders, 405 for writes', async () => {
    for (const url of ['app://splitlens/%2e%2e/secret.txt', 'app://splitlens/missing.js', 'app://splitlens/assets']) {
      const res = await handleAppRequest(new Request(url), root);
      expect(res.status, url).toBe(404);
      expect(await res.text()).toBe('not found');
    }
    const post = await handleAppRequest(new Request('app://splitlens/index.html', { method: 'POST', body: 'x' }), root);
    expect(post.status).toBe(405);
  });
});
