import { describe, expect, it } from 'vitest';
import { PathGrants } from './path-grants.js';

describe('PathGrants', () => {
  it('honours only granted paths, normalised', () => {
    const g = new PathGrants(false);
    g.grant('/home/ana/models/../models/resnest50d.onnx');
    expect(g.check({ kind: 'path', path: '/home/ana/models/resnest50d.onnx' })).toEqual({
      kind: 'path',
      path: '/home/ana/models/resnest50d.onnx',
    });
    expect(g.check({ kind: 'path', path: '/home/ana/./models/resnest50d.onnx' })).toEqual({
      kind: 'path',
      path: '/home/ana/models/resnest50d.onnx',
    });
    expect(() => g.check({ kind: 'path', path: '/home/ana/.ssh/id_ed25519' })).toThrow(
      'refused to open /home/ana/.ssh/id_ed25519: choose it with File ▸ Open or drop it on the window',
    );
    expect(() => g.check({ kind: 'path', path: '/home/ana/models/resnest50d.onnx/../../.ssh/id_ed25519' })).toThrow(
      /refused/,
    );
    expect(g.has('models/resnest50d.onnx')).toBe(false);
  });

  it('passes uploads through untouched', () => {
    const upload = { kind: 'upload' as const, name: 'cat.jpg', base64: 'AAAA' };
    expect(new PathGrants().check(upload)).toBe(upload);
  });

  it('compares case-insensitively where the file system does', () => {
    const g = new PathGrants(true);
    g.grant('/Users/Ana/Cat.JPG');
    expect(g.has('/users/ana/cat.jpg')).toBe(true);
    expect(new PathGrants(false).has('/users/ana/cat.jpg')).toBe(false);
  });

  it('refuses to grant a relative path', () => {
    expect(() => new PathGrants().grant('cat.jpg')).toThrow(/absolute path/);
  });
});
