/**
 * The malformed-ONNX corpus, generated from the fixtures into a folder (deterministic for a seed):
 * truncations, byte flips, wrong field types, dangling inputs, cycles, absurd dims, unsupported
 * opsets and domains, escaping external-data locations (absolute, `..`, symlinks), empty, non-ONNX
 * and deeply nested files. Each case says where it must fail: reading the file, or running it.
 */
import { mkdirSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from '../../onnx/proto.js';
import { createRng } from './prng.js';
import {
  absurdInitializerDims,
  concat,
  cycle,
  decode,
  deeplyNested,
  encode,
  flipBytes,
  varint,
  type Model,
} from './onnx-mutations.js';
import { toExternalData } from '../../onnx/testing/test-models.js';

export interface OnnxCase {
  name: string;
  file: string;
  /**
   * `read`: readOnnx/analyze must refuse it (CLI analyze exits 2). `run`: it reads (the graph is
   * fine) but loading it for inference must fail (CLI predict exits 2). `flip`: random byte flips,
   * which may land in a weight or a name and leave a valid model; never a crash either way.
   */
  expect: 'read' | 'run' | 'flip';
}

export interface CorpusSources {
  /** A small model with inline weights (the fixtures' tiny_resnet). */
  tiny: string;
  /** A full-size graph with stripped weights (the fixtures' timm__resnet50). */
  graph: string;
}

export function fixtureSources(fixtures: string): CorpusSources {
  return { tiny: join(fixtures, 'tiny/tiny_resnet/model.onnx'), graph: join(fixtures, 'graphs/timm__resnet50.onnx') };
}

const AttrType = onnx.AttributeProto.AttributeType;

/** Writes every case under `dir` and lists them. */
export function writeOnnxCorpus(dir: string, src: CorpusSources, seed = 1): OnnxCase[] {
  const rng = createRng(seed);
  const tiny = new Uint8Array(readFileSync(src.tiny));
  const graph = new Uint8Array(readFileSync(src.graph));
  const cases: OnnxCase[] = [];
  mkdirSync(dir, { recursive: true });
  const add = (name: string, bytes: Uint8Array | string, expect: OnnxCase['expect'] = 'read', sub = ''): void => {
    const folder = join(dir, sub);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${String(cases.length).padStart(3, '0')}-${name.replace(/[^\w.-]+/g, '_')}.onnx`);
    writeFileSync(file, bytes);
    cases.push({ name, file, expect });
  };
  const mutate = (
    name: string,
    base: Uint8Array,
    fn: (m: Model) => void,
    expect: OnnxCase['expect'] = 'read',
  ): void => {
    const m = decode(base);
    fn(m);
    add(name, encode(m), expect);
  };

  // Truncated at many offsets: the first bytes, evenly spread, and random ones.
  for (const [label, bytes] of [
    ['tiny', tiny],
    ['graph', graph],
  ] as const) {
    const offsets = new Set<number>([1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32, 64]);
    for (let k = 1; k < 24; k++) offsets.add(Math.floor((bytes.length * k) / 24));
    for (let k = 0; k < 12; k++) offsets.add(1 + rng.int(bytes.length - 1));
    offsets.add(bytes.length - 1);
    for (const at of [...offsets].sort((a, b) => a - b)) add(`${label} truncated at ${at}`, bytes.subarray(0, at));
  }
  // Random byte flips (a flip may hit a weight or a name and leave a valid model).
  for (let k = 0; k < 24; k++) add(`tiny ${1 + (k % 8)} byte flips #${k}`, flipBytes(tiny, rng, 1 + (k % 8)), 'flip');
  for (let k = 0; k < 24; k++) add(`graph ${1 + (k % 8)} byte flips #${k}`, flipBytes(graph, rng, 1 + (k % 8)), 'flip');

  // Not ONNX at all.
  add('empty file', new Uint8Array());
  add('text file', 'this is not a model\nbut a note someone renamed\n');
  add('json file', JSON.stringify({ graph: { node: [] }, opset_import: [{ version: 17 }] }));
  add('png file', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52));
  add('gzip header', Uint8Array.of(0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3));
  add(
    'random bytes',
    Uint8Array.from({ length: 4096 }, () => rng.int(256)),
  );
  add('zero bytes', new Uint8Array(1024));
  add('graph length 4 GiB', Uint8Array.of(0x08, 0x08, 0x3a, ...varint(2 ** 32 - 1), 0x0a));
  add('100000-deep nested subgraphs', deeplyNested(100_000));

  // Wrong field types: wire types swapped, a string where a tensor is.
  add(
    'initializer is text',
    concat(graph, Uint8Array.of(0x3a, 0x20, 0x2a, 0x1e, ...Buffer.from('a string, not a TensorProto!!!'))),
  );
  mutate('constant value is a string', graph, (m) => {
    m.graph!.node!.unshift({
      name: 'c',
      opType: 'Constant',
      output: ['c_out'],
      attribute: [{ name: 'value', type: AttrType.TENSOR, s: Buffer.from('not a tensor') }],
    });
  });
  mutate('group holds a string', tiny, (m) => {
    const a = m.graph!.node![0]!.attribute!.find((x) => x.name === 'group')!;
    delete (a as { i?: unknown }).i;
    a.s = Buffer.from('32');
  });
  mutate('attribute without type', tiny, (m) => void (m.graph!.node![0]!.attribute![0]!.type = 0));
  mutate('dims are text', tiny, (m) => void (m.graph!.initializer![0]!.dims = [...Buffer.from('text')]));
  mutate('data type 99', tiny, (m) => void (m.graph!.initializer![0]!.dataType = 99));
  mutate('raw data shorter than dims', tiny, (m) => {
    const t = m.graph!.initializer!.find((x) => (x.rawData?.length ?? 0) > 64)!;
    t.rawData = t.rawData!.subarray(0, 64);
  });

  // Graph sanity: missing inputs, cycles, outputs nobody produces, nodes without an operator.
  for (const at of [0, 5, 20])
    mutate(`missing input at node ${at}`, tiny, (m) => void (m.graph!.node![at]!.input![0] = 'no_such_tensor'));
  for (let k = 0; k < 6; k++) mutate(`cycle #${k}`, k % 2 ? graph : tiny, (m) => void cycle(m, rng));
  mutate('two-node cycle', tiny, (m) => {
    const [a, b] = m.graph!.node!;
    a!.input![0] = b!.output![0]!;
  });
  mutate('nodes reversed', tiny, (m) => void m.graph!.node!.reverse());
  mutate('output not produced', tiny, (m) => void (m.graph!.output![0]!.name = 'nowhere'));
  mutate('tensor produced twice', tiny, (m) => void (m.graph!.node![3]!.output![0] = m.graph!.node![1]!.output![0]!));
  mutate('no nodes', tiny, (m) => void (m.graph!.node = []));
  mutate('node without op type', tiny, (m) => void (m.graph!.node![2]!.opType = ''));

  // Absurd sizes.
  mutate('initializer of 2^40 elements', tiny, (m) => void (m.graph!.initializer![0]!.dims = [2 ** 20, 2 ** 20]));
  mutate('negative initializer dims', tiny, (m) => void (m.graph!.initializer![0]!.dims = [-1, 64]));
  mutate('input of 2^40 elements', tiny, (m) => {
    m.graph!.input![0]!.type!.tensorType!.shape!.dim = [1, 3, 2 ** 20, 2 ** 20].map((d) => ({ dimValue: d }));
  });
  mutate(
    'input dim 2^40',
    graph,
    (m) => void (m.graph!.input![0]!.type!.tensorType!.shape!.dim = [{ dimValue: 2 ** 40 }]),
  );
  for (let k = 0; k < 3; k++)
    mutate(`random absurd initializer #${k}`, tiny, (m) => void absurdInitializerDims(m, rng));
  mutate('input of 65536×65536 pixels', tiny, (m) => {
    m.graph!.input![0]!.type!.tensorType!.shape!.dim = [1, 3, 65536, 65536].map((d) => ({ dimValue: d }));
  });

  // Opsets, IR versions and domains.
  for (const v of [99, 0, -1, 2 ** 31 - 1])
    mutate(`opset ${v}`, tiny, (m) => void (m.opsetImport = [{ domain: '', version: v }]));
  mutate('no opset import', tiny, (m) => void (m.opsetImport = []));
  mutate(
    'only an unknown domain imported',
    tiny,
    (m) => void (m.opsetImport = [{ domain: 'com.example', version: 1 }]),
  );
  mutate('IR version 99', tiny, (m) => void (m.irVersion = 99));
  mutate('node in an undeclared domain', tiny, (m) => void (m.graph!.node![4]!.domain = 'com.evil.ops'));
  mutate('node in an imported unknown domain', tiny, (m) => {
    m.graph!.node![4]!.domain = 'com.evil.ops';
    m.opsetImport.push({ domain: 'com.evil.ops', version: 1 });
  });
  mutate('control characters in names', tiny, (m) => {
    const n = m.graph!.node![2]!;
    n.input![0] = 'evil\nsecond line\u001b[31m';
  });

  // Well-formed graphs with values only onnxruntime's loader or kernels can judge: they must fail on load/run.
  const conv0 = (m: Model) => m.graph!.node![0]!.attribute!;
  const attr = (m: Model, name: string) => conv0(m).find((a) => a.name === name)!;
  mutate('conv group 0', tiny, (m) => void (attr(m, 'group').i = 0), 'run');
  mutate('conv kernel 0×0', tiny, (m) => void (attr(m, 'kernel_shape').ints = [0, 0]), 'run');
  mutate('conv strides 0', tiny, (m) => void (attr(m, 'strides').ints = [0, 0]), 'run');
  mutate('conv pads negative', tiny, (m) => void (attr(m, 'pads').ints = [-5, -5, -5, -5]), 'run');
  mutate('conv dilations 1e9', tiny, (m) => void (attr(m, 'dilations').ints = [1e9, 1e9]), 'run');
  mutate(
    'conv weight dims swapped',
    tiny,
    (m) => {
      const t = m.graph!.initializer!.find((x) => x.name === m.graph!.node![0]!.input![1])!;
      t.dims = [...t.dims!].reverse();
    },
    'run',
  );
  mutate(
    'maxpool kernel 1000',
    tiny,
    (m) => {
      m.graph!.node!.find((x) => x.opType === 'MaxPool')!.attribute!.find((a) => a.name === 'kernel_shape')!.ints = [
        1000, 1000,
      ];
    },
    'run',
  );
  mutate(
    'flatten axis 99',
    tiny,
    (m) =>
      void (m.graph!.node!.find((x) => x.opType === 'Flatten')!.attribute = [
        { name: 'axis', type: AttrType.INT, i: 99 },
      ]),
    'run',
  );
  mutate('input of int8', tiny, (m) => void (m.graph!.input![0]!.type!.tensorType!.elemType = 3), 'run');
  mutate('unknown operator', tiny, (m) => void (m.graph!.node![3]!.opType = 'FrobnicateEvil'), 'run');
  mutate(
    'relu with three inputs',
    tiny,
    (m) => void m.graph!.node!.find((x) => x.opType === 'Relu')!.input!.push('input', 'input'),
    'run',
  );

  // External data: absolute, `..`, odd byte counts; a symlink that leads out of the folder.
  const ext = toExternalData(tiny, 'model.onnx.data');
  for (const location of ['/etc/passwd', '../outside.data', 'weights/../../outside.data', 'C:\\Windows\\win.ini', '']) {
    add(`external data at ${JSON.stringify(location)}`, toExternalData(tiny, location).model);
  }
  mutate('external data offset not a number', ext.model, (m) => {
    const t = m.graph!.initializer!.find((x) => x.externalData?.length)!;
    t.externalData = [
      { key: 'location', value: 'model.onnx.data' },
      { key: 'offset', value: '-5' },
    ];
  });
  const outside = join(dir, 'outside-weights.data');
  writeFileSync(outside, ext.data);
  const linked = join(dir, 'symlinked');
  mkdirSync(linked, { recursive: true });
  symlinkSync(outside, join(linked, 'model.onnx.data'));
  add('external data symlinked out of the folder', ext.model, 'run', 'symlinked');
  const folderLink = join(dir, 'symlinked-folder');
  mkdirSync(folderLink, { recursive: true });
  mkdirSync(join(dir, 'elsewhere'), { recursive: true });
  writeFileSync(join(dir, 'elsewhere', 'model.onnx.data'), ext.data);
  symlinkSync(join(dir, 'elsewhere'), join(folderLink, 'weights'));
  add(
    'external data in a symlinked folder',
    toExternalData(tiny, 'weights/model.onnx.data').model,
    'run',
    'symlinked-folder',
  );
  add('external data missing (weights stripped)', ext.model, 'run', 'stripped');
  return cases;
}
