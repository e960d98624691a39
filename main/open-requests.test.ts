import { describe, expect, it } from 'vitest';
import { DIALOG_FILTERS, argvSkip, fileRole, filesFromArgv } from './open-requests.js';

describe('fileRole', () => {
  it('opens .onnx as a model and photos as images, case-insensitively', () => {
    expect(fileRole('/m/resnest50d.onnx')).toBe('model');
    expect(fileRole('C:\\m\\RESNET50.ONNX')).toBe('model');
    for (const f of ['a.pth', 'a.PT', 'a.bin', 'a.safetensors']) expect(fileRole(f)).toBe('model');
    for (const f of ['a.jpg', 'a.JPEG', 'a.png', 'a.webp', 'a.gif', 'a.tif', 'a.tiff', 'a.avif'])
      expect(fileRole(f)).toBe('image');
    for (const f of ['a.onnx.data', 'a.svg', 'a.exe', 'a', '.onnx.txt']) expect(fileRole(f)).toBeNull();
  });
});

describe('filesFromArgv', () => {
  it('skips the executable (and the app folder in development), switches and other files', () => {
    const argv = [
      '/usr/bin/electron',
      '.',
      '--enable-logging',
      'models/resnest50d.onnx',
      '/photos/cat.jpg',
      'notes.txt',
      '-v',
    ];
    expect(filesFromArgv(argv, '/home/ana', argvSkip(true))).toEqual([
      '/home/ana/models/resnest50d.onnx',
      '/photos/cat.jpg',
    ]);
    expect(filesFromArgv(['/opt/splitlens/splitlens', 'cat.png'], '/tmp', argvSkip(false))).toEqual(['/tmp/cat.png']);
  });

  it('is not fooled by a file named like the app folder or a switch-looking file', () => {
    expect(filesFromArgv(['/opt/splitlens/splitlens', '--inspect=9229', '--', '../x/../m.onnx'], '/a/b', 1)).toEqual([
      '/a/m.onnx',
    ]);
  });
});

describe('dialog filters', () => {
  it('match fileRole', () => {
    for (const role of ['model', 'image'] as const) {
      for (const ext of DIALOG_FILTERS[role][0]!.extensions) expect(fileRole(`x.${ext}`)).toBe(role);
    }
  });
});
