import { describe, expect, it } from 'vitest';
import { API_METHODS, type ApiMethod } from '../common/api-methods.js';
import { apiSchemas, MAX_UPLOAD_BYTES, validateArgs } from './schemas.js';
import { UserError } from '../common/errors.js';

/** One valid argument list per method: what the renderer really sends. */
const valid: Record<ApiMethod, unknown[]> = {
  info: [],
  listModels: [],
  openModel: [{ kind: 'path', path: '/home/ana/models/resnest50d.onnx' }],
  inspectCheckpoint: [{ kind: 'path', path: '/home/ana/models/resnet50.pth' }],
  openCheckpoint: [
    { source: { kind: 'path', path: '/home/ana/models/resnet50.pth' }, timmSpec: { layers: [3, 4, 6, 3] } },
  ],
  closeModel: ['file:0b7c1c2e-5b2a-4f0e-9d51-6f1f3e2a9c11'],
  analyze: ['file:resnest50d'],
  blockOps: ['zoo:resnest50d', 'layer3.2'],
  opWeights: ['zoo:resnet50', '/layer1/layer1.0/conv1/Conv'],
  diagram: [{ modelId: 'zoo:resnet50', expand: ['layer1.0', 'layer4.2'] }],
  exportSvg: [{ modelId: 'zoo:resnet50', expand: 'all', theme: 'dark', imageId: 'img-1' }],
  sampleImages: [],
  predictMany: [{ imageIds: ['img-1', 'img-2'], modelIds: ['zoo:resnet50'], top: 5 }],
  openImage: [{ kind: 'upload', name: 'cat.jpg', base64: Buffer.from('not really a jpeg').toString('base64') }],
  predict: [
    {
      imageId: 'img-1',
      modelIds: ['zoo:resnet50', 'zoo:resnest50d'],
      top: 5,
      taskId: 't1',
      with: ['saliency', 'attention'],
    },
  ],
  attention: [{ imageId: 'img-1', modelId: 'zoo:resnest50d' }],
  saliency: [{ imageId: 'img-1', modelId: 'zoo:resnest50d' }],
  pullWeights: [{ modelId: 'zoo:resnest50d' }],
  cancel: ['t1'],
  statsRun: [{ imageIds: ['img-1', 'img-2'], modelIds: ['zoo:skresnext50_32x4d'], taskId: 't2' }],
  scaleRun: [{ imageIds: ['img-1'], zooms: [1, 1.5, 2], taskId: 't3' }],
  listPresets: [],
  defineVariant: [{ base: 'resnest50d', edits: { radix: 4, cardinality: 2, baseWidth: 40, avd: 'before' } }],
  pinVariant: [{ timmSpec: { block: 'ResNestBottleneck', layers: [3, 4, 6, 3] }, label: 'mine' }],
  unpinVariant: ['variant:0123456789ab'],
  measureLatency: [{ variant: { base: 'resnet50', edits: { attention: 'se' } }, runs: 5, taskId: 't2' }],
  exportVariant: [{ variant: { base: 'resnest50d' }, format: 'onnx-stripped', theme: 'dark' }],
};

function rejection(method: ApiMethod, args: unknown[]): string {
  try {
    validateArgs(method, args);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${method} accepted ${JSON.stringify(args).slice(0, 200)}`);
}

describe('validateArgs', () => {
  it('has a schema for every Api method', () => {
    expect(Object.keys(apiSchemas().args).sort()).toEqual([...API_METHODS].sort());
  });

  it.each(API_METHODS)('accepts a real call of %s and returns the same arguments', (method) => {
    expect(validateArgs(method, valid[method])).toEqual(valid[method]);
  });

  it('accepts Windows and UNC absolute paths', () => {
    for (const path of ['C:\\Users\\ana\\m.onnx', 'D:/m.onnx', '\\\\nas\\share\\m.onnx']) {
      expect(validateArgs('openModel', [{ kind: 'path', path }])).toEqual([{ kind: 'path', path }]);
    }
  });

  it('refuses the wrong number of arguments', () => {
    expect(rejection('info', ['extra'])).toBe('invalid arguments for info: expected 0 arguments, got 1');
    expect(rejection('blockOps', ['zoo:resnet50'])).toBe('invalid arguments for blockOps: expected 2 arguments, got 1');
  });

  it('refuses relative paths, traversal-only names and NUL bytes in paths', () => {
    expect(rejection('openModel', [{ kind: 'path', path: 'models/x.onnx' }])).toBe(
      'invalid arguments for openModel: argument 1 .path: must be an absolute path',
    );
    expect(rejection('openModel', [{ kind: 'path', path: '../../etc/passwd' }])).toMatch(/must be an absolute path/);
    expect(rejection('openImage', [{ kind: 'path', path: '/tmp/a.png\u0000.onnx' }])).toMatch(/control characters/);
  });

  it('refuses upload names with folders and bodies that are not base64', () => {
    expect(rejection('openImage', [{ kind: 'upload', name: '../cat.jpg', base64: 'AAAA' }])).toMatch(
      /argument 1 \.name: must be a file name without folders/,
    );
    expect(rejection('openImage', [{ kind: 'upload', name: 'cat.jpg', base64: '<script>' }])).toMatch(
      /\.base64: must be base64/,
    );
  });

  it('caps uploads at MAX_UPLOAD_BYTES, checked on the base64 length before decoding', () => {
    // A string over the cap is ~360 MB, too much for a unit test: check the cap itself.
    expect(apiSchemas().base64.maxLength).toBe(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4);
    expect(apiSchemas().base64.maxLength).toBeLessThan(2 ** 29 - 24); // V8's longest string
  });

  it('refuses unknown fields, so nothing unvalidated rides along', () => {
    expect(rejection('predict', [{ imageId: 'img-1', __proto__: { polluted: true }, shell: 'rm -rf /' }])).toMatch(
      /invalid arguments for predict: argument 1: Unrecognized key/,
    );
    expect(rejection('openModel', [{ kind: 'path', path: '/m.onnx', externalData: '/etc' }])).toMatch(
      /Unrecognized key/,
    );
    expect(rejection('exportSvg', [{ modelId: 'm', theme: 'dark', script: 'x' }])).toMatch(/Unrecognized key/);
    expect(rejection('predict', [JSON.parse('{"imageId": "img-1", "__proto__": {"admin": true}}')])).toMatch(
      /Unrecognized key/,
    );
  });

  it('refuses wrong types and out-of-range numbers with the field named', () => {
    expect(rejection('predict', [{ imageId: 'img-1', top: 0 }])).toMatch(
      /^invalid arguments for predict: argument 1 \.top: /,
    );
    expect(rejection('predict', [{ imageId: 'img-1', top: 2.5 }])).toMatch(/\.top: /);
    expect(rejection('predict', [{ imageId: 42 }])).toMatch(/\.imageId: /);
    expect(rejection('predict', [{ imageId: 'img-1', with: ['logits'] }])).toMatch(
      /\.with\[0\]: Invalid option: expected one of "attention"\|"saliency"/,
    );
    expect(rejection('exportSvg', [{ modelId: 'm', theme: 'neon' }])).toMatch(/\.theme: /);
    expect(rejection('diagram', [{ modelId: 'm', expand: ['layer1.0', 'layer1.0; drop'] }])).toMatch(
      /argument 1 \.expand\[1\]: must be a module path/,
    );
    expect(rejection('analyze', [''])).toMatch(/^invalid arguments for analyze: argument 1: /);
    expect(rejection('openModel', [{ kind: 'url', url: 'https://evil.example/m.onnx' }])).toMatch(
      /argument 1 \.kind: /,
    );
  });

  it('refuses unknown methods and non-list arguments', () => {
    expect(rejection('eval' as ApiMethod, [])).toBe('unknown Api method: eval');
    expect(rejection('constructor' as ApiMethod, [])).toBe('unknown Api method: constructor');
    expect(rejection('info', 'nope' as unknown as unknown[])).toBe(
      'invalid arguments for info: expected an argument list',
    );
  });
});
