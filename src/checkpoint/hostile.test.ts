/**
 * Hostile checkpoints: a pickle is data, never code. Every input here — `GLOBAL os.system`,
 * `__reduce__` payloads, opcodes a state dict never needs, truncation at every kind of boundary,
 * huge declared sizes, recursion bombs, zip path traversal and zip bombs — must end in one
 * `UserError` line (naming the refused global where there is one), never a crash, hang or run code.
 */
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../common/errors.js';
import { FIXTURES } from '../testing/fixtures.js';
import { readStateDict } from './state-dict.js';
import { ZipReader } from './zip-reader.js';

const counts = new Map<string, number>();

/** Reading `bytes` is refused with one line matching `why`. */
function refused(kind: string, bytes: Uint8Array, why?: RegExp): string {
  let err: unknown;
  try {
    const sd = readStateDict({ bytes, name: 'hostile.pth' });
    // Tensors are materialised lazily: read them all, a lie in a storage shows there.
    for (const k of sd.entries.keys()) sd.readFloat32(k);
  } catch (e) {
    err = e;
  }
  expect(err, kind).toBeInstanceOf(UserError);
  const msg = (err as Error).message;
  expect(msg.includes('\n'), msg).toBe(false);
  expect(msg.startsWith('hostile.pth: '), msg).toBe(true);
  if (why) expect(msg).toMatch(why);
  counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return msg;
}

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[] | string)[]) => {
  const arrays = parts.map((p) => (typeof p === 'string' ? enc(p) : p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) out.set(a, (o += a.length) - a.length);
  return out;
};
const u32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
const u16 = (n: number) => [n & 255, n >>> 8];
const PROTO2 = [0x80, 2];

/** A minimal zip writer (CRC left 0: the reader does not trust it anyway). */
function zip(entries: { name: string; data: Uint8Array; deflate?: boolean; declared?: number }[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const size = e.declared ?? e.data.length;
    const name = enc(e.name);
    const method = e.deflate ? 8 : 0;
    const local = cat(
      u32(0x04034b50),
      u16(20),
      u16(0),
      u16(method),
      u32(0),
      u32(0),
      u32(body.length),
      u32(size),
      u16(name.length),
      u16(0),
      name,
      body,
    );
    const central = cat(
      u32(0x02014b50),
      u16(20),
      u16(20),
      u16(0),
      u16(method),
      u32(0),
      u32(0),
      u32(body.length),
      u32(size),
      u16(name.length),
      u16(0),
      u16(0),
      u16(0),
      u16(0),
      u32(0),
      u32(offset),
      name,
    );
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const cd = cat(...centrals);
  const eocd = cat(
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(cd.length),
    u32(offset),
    u16(0),
  );
  return cat(...locals, cd, eocd);
}
/** A torch zip checkpoint whose data.pkl is `pkl`. */
const torchZip = (pkl: Uint8Array, extra: { name: string; data: Uint8Array }[] = []) =>
  zip([{ name: 'archive/data.pkl', data: pkl }, ...extra]);

const GOOD_ZIP = new Uint8Array(readFileSync(`${FIXTURES}checkpoints/tv_resnet/model.pth`));
const GOOD_LEGACY = new Uint8Array(readFileSync(`${FIXTURES}checkpoints/tv_resnet/model_legacy.pth`));

describe('a pickle is data: globals outside the allowlist are refused by name', () => {
  const payloads: [string, string][] = [
    ['os', 'system'],
    ['posix', 'system'],
    ['nt', 'system'],
    ['subprocess', 'Popen'],
    ['builtins', 'eval'],
    ['builtins', 'exec'],
    ['__builtin__', 'eval'],
    ['builtins', 'getattr'],
    ['builtins', '__import__'],
    ['torch', 'load'],
    ['torch.serialization', 'load'],
    ['numpy.core.multiarray', 'scalar'],
    ['torch._utils', '_rebuild_device_tensor_from_numpy'],
    ['webbrowser', 'open'],
  ];
  for (const [mod, name] of payloads) {
    it(`GLOBAL ${mod}.${name} (a __reduce__ payload), plain and inside a torch zip`, () => {
      // c<mod>\n<name>\n  X'touch /tmp/pwned'  TUPLE1  REDUCE  STOP
      const arg = 'touch /tmp/pwned';
      const pkl = cat(PROTO2, `c${mod}\n${name}\n`, [0x58, ...u32(arg.length)], arg, [0x85, 0x52, 0x2e]);
      refused('GLOBAL payload', pkl, new RegExp(`refused global ${mod.replace(/\./g, '\\.')}\\.${name}`));
      refused('GLOBAL payload', torchZip(pkl), new RegExp(`refused global ${mod.replace(/\./g, '\\.')}\\.${name}`));
    });
  }
  it('STACK_GLOBAL (protocol 4) builtins.eval', () => {
    const s = (t: string) => [0x8c, t.length, ...enc(t)];
    const pkl = cat([0x80, 4], s('builtins'), s('eval'), [0x93], s('1+1'), [0x85, 0x52, 0x2e]);
    refused('STACK_GLOBAL payload', pkl, /refused global builtins\.eval/);
  });
  it('an allowed global called the wrong way (REDUCE on a storage type)', () => {
    const pkl = cat(PROTO2, 'ctorch\nFloatStorage\n', [0x29, 0x52, 0x2e]);
    refused('misused allowed global', pkl, /refused call of torch\.FloatStorage/);
  });
  for (const [op, name] of [
    [0x69, 'INST'],
    [0x6f, 'OBJ'],
    [0x81, 'NEWOBJ'],
    [0x92, 'NEWOBJ_EX'],
    [0x82, 'EXT1'],
    [0x50, 'PERSID'],
    [0x49, 'INT (protocol 0)'],
  ] as const) {
    it(`opcode ${name} is refused`, () =>
      refused('forbidden opcode', cat(PROTO2, [op, 0x2e]), /refused pickle opcode/));
  }
  it('BUILD on a non-dict (setstate on an object) is refused', () => {
    refused('forbidden opcode', cat(PROTO2, [0x5d, 0x7d, 0x62, 0x2e]), /BUILD/);
  });
});

describe('truncation at any byte never crashes', () => {
  const cuts = (n: number) => [1, 2, 7, 20, 64, Math.floor(n / 3), Math.floor(n / 2), n - 100, n - 23, n - 1];
  it('zip checkpoint cut at 10 points', () => {
    for (const c of cuts(GOOD_ZIP.length)) refused('truncated', GOOD_ZIP.subarray(0, c));
  });
  it('legacy checkpoint cut at 10 points', () => {
    for (const c of cuts(GOOD_LEGACY.length)) refused('truncated', GOOD_LEGACY.subarray(0, c));
  });
  it('data.pkl cut inside a string, a GLOBAL line and before STOP', () => {
    refused('truncated', cat(PROTO2, [0x58, ...u32(10)], 'abc'), /truncated/);
    refused('truncated', cat(PROTO2, 'ccollections\nOrdered'), /truncated|GLOBAL/);
    refused('truncated', torchZip(cat(PROTO2, [0x7d])), /truncated/);
  });
});

describe('huge declared sizes are checked against what the file holds', () => {
  it('a 4 GiB string, a 2^63 BINUNICODE8, a 1 MiB integer', () => {
    refused('huge size', cat(PROTO2, [0x58, ...u32(0xffffffff)], 'x', [0x2e]), /truncated/);
    refused(
      'huge size',
      cat([0x80, 4], [0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], [0x2e]),
      /more than the file holds/,
    );
    refused('huge size', cat(PROTO2, [0x8b, ...u32(1 << 20)], [0x2e]), /larger than a state dict holds/);
  });
  const tensorPkl = (numel: number, size: number[], stride: number[]) => {
    // OrderedDict{'w': _rebuild_tensor_v2(persistent('storage', FloatStorage, '0', 'cpu', numel), 0, size, stride, False, OrderedDict())}
    const int = (n: number) => [0x4a, ...u32(n)];
    const tup = (xs: number[]) => [0x28, ...xs.flatMap(int), 0x74];
    return cat(
      PROTO2,
      'ccollections\nOrderedDict\n',
      [0x29, 0x52, 0x28],
      [0x58, ...u32(1)],
      'w',
      'ctorch._utils\n_rebuild_tensor_v2\n',
      [0x28],
      [0x28, 0x58, ...u32(7)],
      'storage',
      'ctorch\nFloatStorage\n',
      [0x58, ...u32(1)],
      '0',
      [0x58, ...u32(3)],
      'cpu',
      int(numel),
      [0x74, 0x51],
      int(0),
      tup(size),
      tup(stride),
      [0x89],
      'ccollections\nOrderedDict\n',
      [0x29, 0x52, 0x74, 0x52],
      [0x75, 0x2e],
    );
  };
  it('a storage declaring 2^31 elements with 16 bytes behind it', () => {
    const pkl = tensorPkl(0x7fffffff, [4], [1]);
    refused(
      'huge size',
      torchZip(pkl, [{ name: 'archive/data/0', data: new Uint8Array(16) }]),
      /declares 2147483647 elements/,
    );
  });
  it('a tensor whose size and stride reach outside its storage', () => {
    const data = [{ name: 'archive/data/0', data: new Uint8Array(16) }];
    refused('huge size', torchZip(tensorPkl(4, [65536, 65536], [65536, 1]), data), /declares|reaches/);
    refused('huge size', torchZip(tensorPkl(4, [4], [1000]), data), /reaches element/);
  });
  it('a legacy storage whose element count exceeds the file', () => {
    const bytes = GOOD_LEGACY.slice();
    // The first storage record follows the key list: patch its int64 element count to 2^40.
    const at = findFirstStorageRecord(bytes);
    new DataView(bytes.buffer).setBigInt64(at, 1n << 40n, true);
    refused('huge size', bytes, /declares \d+ elements, more than the file holds/);
  });
});

/** Offset of the first legacy storage record (after the storage-key list pickle's STOP). */
function findFirstStorageRecord(bytes: Uint8Array): number {
  // The key list is a protocol-2 pickle of short strings: find the last PROTO 2 before the data, then its STOP.
  for (let i = bytes.length - 3; i > 0; i--) {
    if (bytes[i] === 0x80 && bytes[i + 1] === 2 && bytes[i + 2] === 0x5d) {
      let j = i;
      while (bytes[j] !== 0x2e || bytes[j - 1] !== 0x65) j++;
      return j + 1;
    }
  }
  throw new Error('no key list');
}

describe('recursion bombs', () => {
  it('100,000 nested MARKs', () =>
    refused('recursion bomb', cat(PROTO2, new Uint8Array(100_000).fill(0x28), [0x2e]), /MARK/));
  it('lists nested 100,000 deep by APPEND', () => {
    refused(
      'recursion bomb',
      cat(PROTO2, new Uint8Array(100_000).fill(0x5d), new Uint8Array(99_999).fill(0x61), [0x2e]),
      /deeper than/,
    );
  });
  it('tuples nested 100,000 deep by TUPLE1', () => {
    refused('recursion bomb', cat(PROTO2, [0x29], new Uint8Array(100_000).fill(0x85), [0x2e]), /deeper than/);
  });
  it('a list and a dict that contain themselves', () => {
    refused('recursion bomb', torchZip(cat(PROTO2, [0x5d, 0x71, 0, 0x68, 0, 0x61, 0x2e])), /no dict of tensors/);
    const selfDict = cat(PROTO2, [0x7d, 0x71, 0, 0x58, ...u32(1)], 'a', [0x68, 0, 0x73, 0x2e]);
    refused('recursion bomb', torchZip(selfDict), /no dict of tensors/);
  });
  it('a memo read before it was written, a stack underflow', () => {
    refused('recursion bomb', cat(PROTO2, [0x68, 9, 0x2e]), /never written/);
    refused('recursion bomb', cat(PROTO2, [0x61, 0x2e]), /empty stack/);
  });
});

describe('zip archives: traversal and bombs', () => {
  for (const name of ['../../etc/passwd', '/etc/passwd', 'archive/../../x', 'C:/Windows/x', 'archive\\..\\x']) {
    it(`entry name ${name} is refused`, () => {
      refused(
        'zip traversal',
        zip([
          { name: 'archive/data.pkl', data: cat(PROTO2, [0x7d, 0x2e]) },
          { name, data: enc('x') },
        ]),
        /leads outside the archive/,
      );
    });
  }
  it('a deflated entry that inflates far beyond its declared size', () => {
    const bomb = zip([
      { name: 'archive/data.pkl', data: new Uint8Array(50 * 1024 * 1024), deflate: true, declared: 100 },
    ]);
    expect(bomb.length).toBeLessThan(200_000);
    refused('zip bomb', bomb, /zip bomb/);
  });
  it('entries that together unpack beyond the cap', () => {
    const bytes = zip([
      { name: 'a/data.pkl', data: new Uint8Array(1 << 20), deflate: true },
      { name: 'a/data/0', data: new Uint8Array(1 << 20), deflate: true },
    ]);
    const z = new ZipReader(bytes, 'hostile.pth', { maxTotal: 1.5 * (1 << 20) });
    z.read('a/data.pkl');
    expect(() => z.read('a/data/0')).toThrow(/zip bomb/);
    counts.set('zip bomb', (counts.get('zip bomb') ?? 0) + 1);
  });
  it('a stored entry that claims more bytes than the file has, and a damaged directory', () => {
    refused(
      'zip bomb',
      zip([{ name: 'archive/data.pkl', data: enc('x'), declared: 0x7fffffff }]),
      /sizes disagree|outside/,
    );
    const bad = GOOD_ZIP.slice();
    bad.set([0, 0, 0, 0], bad.length - 22 - 20 - 56); // inside the zip64 end record
    refused('zip bomb', bad);
  });
  it('a zip that is not a checkpoint', () => {
    refused('not a checkpoint', zip([{ name: 'readme.txt', data: enc('hello') }]), /no <name>\/data\.pkl/);
  });
});

afterAll(() => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(
    `hostile checkpoints refused with one line: ${total} (` +
      [...counts.entries()].map(([k, v]) => `${k}: ${v}`).join(', ') +
      ')',
  );
});
