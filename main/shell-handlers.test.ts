import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PathGrants } from './path-grants.js';
import { RENDERER_ENTRY_URL } from './security-policy.js';
import { createShellHandlers, svgFileName } from './shell-handlers.js';
import { FIXTURES } from '../src/testing/fixtures.js';
import { writeFileSafely } from '../src/platform/safe-write.js';

const app = { url: RENDERER_ENTRY_URL, isMainFrame: true };
const fixtures = FIXTURES;
const out = mkdtempSync(join(tmpdir(), 'splitlens-shell-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function shell(choose: (name: string) => string | undefined) {
  const grants = new PathGrants(false);
  const asked: string[] = [];
  const handlers = createShellHandlers({
    grants,
    chooseSavePath: async (name) => (asked.push(name), choose(name)),
    writeFile: (p, d) => writeFileSafely(p, d), // what main.ts wires
    isFile: async (p) => (await stat(p).catch(() => undefined))?.isFile() ?? false,
  });
  return { handlers, grants, asked };
}

const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';

describe('save-svg', () => {
  it('writes the SVG where the user chose', async () => {
    const { handlers, asked } = shell((name) => join(out, name));
    const saved = await handlers.saveSvg(app, [svg, 'resnest50d diagram']);
    expect(asked).toEqual(['resnest50d diagram.svg']);
    expect(saved).toBe(join(out, 'resnest50d diagram.svg'));
    expect(readFileSync(saved!, 'utf8')).toBe(svg);
  });

  it('refuses to save through a link the user picked; its target is untouched', async () => {
    const target = join(out, 'precious.txt');
    writeFileSync(target, 'keep');
    symlinkSync(target, join(out, 'linked.svg'));
    const { handlers } = shell(() => join(out, 'linked.svg'));
    await expect(handlers.saveSvg(app, [svg, 'x'])).rejects.toThrow(/linked\.svg: is a symbolic link; refusing/);
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });

  it('returns null when the user cancels', async () => {
    expect(await shell(() => undefined).handlers.saveSvg(app, [svg, 'x'])).toBeNull();
  });

  it('refuses content that is not SVG, foreign senders and bad arguments', async () => {
    const { handlers, asked } = shell((name) => join(out, name));
    await expect(handlers.saveSvg(app, ['#!/bin/sh\nrm -rf ~', 'x.svg'])).rejects.toThrow(
      /^invalid arguments for splitlens:save-svg: 0: is not an SVG document$/,
    );
    await expect(handlers.saveSvg(app, [svg])).rejects.toThrow(/invalid arguments/);
    await expect(handlers.saveSvg({ url: 'https://evil.example/', isMainFrame: true }, [svg, 'x'])).rejects.toThrow(
      /^refused splitlens:save-svg/,
    );
    expect(asked).toEqual([]);
  });

  it('suggests a plain file name', () => {
    expect(svgFileName('../../.bashrc')).toBe('bashrc.svg');
    expect(svgFileName('C:\\Windows\\system32\\evil.SVG')).toBe('evil.svg');
    expect(svgFileName('resnest50d: layer3/2 <x>')).toBe('2 _x_.svg');
    expect(svgFileName('')).toBe('diagram.svg');
  });
});

describe('dropped-file', () => {
  it('grants a dropped photo or model that exists, then the Api may open it', async () => {
    const { handlers, grants } = shell(() => undefined);
    const photo = join(fixtures, 'images', 'chelsea.png');
    expect(await handlers.droppedFile(app, [photo])).toEqual({
      role: 'image',
      name: 'chelsea.png',
      source: { kind: 'path', path: photo },
    });
    expect(grants.has(photo)).toBe(true);
    const onnx = join(fixtures, 'tiny', 'tiny_resnest', 'model.onnx');
    expect(await handlers.droppedFile(app, [onnx])).toMatchObject({ role: 'model', name: 'model.onnx' });
  });

  it('grants nothing for folders, missing files, other kinds, relative paths or foreign senders', async () => {
    const { handlers, grants } = shell(() => undefined);
    expect(await handlers.droppedFile(app, [join(fixtures, 'images')])).toBeNull();
    expect(await handlers.droppedFile(app, [join(fixtures, 'images', 'missing.png')])).toBeNull();
    expect(await handlers.droppedFile(app, [join(fixtures, 'README.md')])).toBeNull();
    await expect(handlers.droppedFile(app, ['images/chelsea.png'])).rejects.toThrow(/must be an absolute path/);
    await expect(
      handlers.droppedFile({ url: 'file:///x.html', isMainFrame: true }, [join(fixtures, 'images', 'chelsea.png')]),
    ).rejects.toThrow(/^refused/);
    expect(grants.has(join(fixtures, 'images', 'chelsea.png'))).toBe(false);
  });
});
