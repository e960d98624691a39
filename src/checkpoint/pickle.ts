/**
 * A restricted unpickler: reads the subset of Python's pickle protocol 2–5 that a PyTorch state
 * dict uses, as data. No Python runs and no class is instantiated: GLOBAL / STACK_GLOBAL resolve only
 * names on an allowlist (torch-globals.ts: torch's storage types and tensor rebuild functions,
 * OrderedDict), and REDUCE calls only those. Anything else, and every opcode a state dict does not
 * need, is refused with one line naming it. Memo, stack, nesting and string sizes are bounded.
 */
import { UserError } from '../common/errors.js';
import { PyDict, isTuple, resolveGlobal, type PyGlobal } from './torch-globals.js';

export interface UnpickleOptions {
  /** Names the file in errors. */
  what: string;
  /** Turns a persistent id (the tuple torch writes for a storage) into a value. */
  persistentLoad?: (pid: unknown) => unknown;
  /** Largest memo (entries), stack, and nesting depth (defaults: 1e6, 1e6, 1000). */
  maxMemo?: number;
  maxStack?: number;
  maxDepth?: number;
}

export interface UnpickleResult {
  value: unknown;
  /** Offset just after STOP. */
  end: number;
}

type Item = unknown;

/** Unpickle `bytes` from `start`. Throws a one-line UserError on anything outside the subset. */
export function unpickle(bytes: Uint8Array, start: number, opts: UnpickleOptions): UnpickleResult {
  const fail: (m: string) => never = (m) => {
    throw new UserError(`${opts.what}: ${m}`);
  };
  const maxMemo = opts.maxMemo ?? 1_000_000;
  const maxStack = opts.maxStack ?? 1_000_000;
  const maxDepth = opts.maxDepth ?? 1000;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pos = start;
  const need = (n: number): number => {
    if (n < 0 || pos + n > bytes.length) fail(`pickle is truncated at byte ${pos} (wants ${n} more)`);
    const p = pos;
    pos += n;
    return p;
  };
  const u8 = () => bytes[need(1)]!;
  const u16 = () => view.getUint16(need(2), true);
  const u32 = () => view.getUint32(need(4), true);
  const i32 = () => view.getInt32(need(4), true);
  const u64 = () => {
    const v = view.getBigUint64(need(8), true);
    if (v > BigInt(bytes.length)) fail(`a length of ${v} bytes is more than the file holds`);
    return Number(v);
  };
  const str = (n: number) => {
    const p = need(n);
    try {
      return decoder.decode(bytes.subarray(p, p + n));
    } catch {
      return fail('a string is not valid UTF-8');
    }
  };
  const latin1 = (n: number) => {
    const p = need(n);
    return String.fromCharCode(...bytes.subarray(p, p + Math.min(n, 4096)));
  };

  let stack: Item[] = [];
  const marks: Item[][] = [];
  const memo = new Map<number, Item>();
  // Nesting depth of containers: a recursion bomb nests lists a million deep.
  const depthOf = new WeakMap<object, number>();
  const depth = (v: unknown) => (typeof v === 'object' && v !== null ? (depthOf.get(v) ?? 0) : 0);
  const nest = (container: object, children: Iterable<unknown>) => {
    let d = depthOf.get(container) ?? 0;
    for (const c of children) d = Math.max(d, depth(c) + 1);
    if (d > maxDepth) fail(`pickle nests deeper than ${maxDepth} levels (a recursion bomb?)`);
    depthOf.set(container, d);
  };
  const push = (v: Item) => {
    if (stack.length >= maxStack) fail(`pickle stack grows beyond ${maxStack} items`);
    stack.push(v);
  };
  const pop = (): Item => {
    if (!stack.length) fail('pickle pops an empty stack');
    return stack.pop();
  };
  const top = (): Item => {
    if (!stack.length) fail('pickle reads an empty stack');
    return stack[stack.length - 1];
  };
  const popMark = (): Item[] => {
    const items = stack;
    const prev = marks.pop();
    if (!prev) return fail('pickle has no MARK to pop to');
    stack = prev;
    return items;
  };
  const put = (i: number) => {
    if (memo.size >= maxMemo && !memo.has(i)) fail(`pickle memo grows beyond ${maxMemo} entries`);
    memo.set(i, top());
  };
  const get = (i: number) => {
    if (!memo.has(i)) fail(`pickle reads memo ${i}, which was never written`);
    return memo.get(i);
  };
  const setItems = (d: unknown, kv: Item[]) => {
    if (!(d instanceof PyDict)) fail('SETITEM(S) on something that is not a dict');
    if (kv.length % 2) fail('SETITEMS with an odd number of items');
    for (let i = 0; i < kv.length; i += 2) {
      const k = kv[i];
      if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'bigint' && typeof k !== 'boolean')
        fail('a dict key is not a string or number');
      d.set(typeof k === 'bigint' ? Number(k) : k, kv[i + 1]);
    }
    nest(d, kv);
  };
  const append = (l: unknown, items: Item[]) => {
    if (!Array.isArray(l) || Object.isFrozen(l)) fail('APPEND(S) on something that is not a list');
    for (const x of items) (l as unknown[]).push(x);
    nest(l, items);
  };
  const tuple = (items: Item[]) => {
    const t = Object.freeze([...items]);
    nest(t, items);
    return t;
  };
  const long = (n: number) => {
    if (n > 64) fail(`an integer of ${n} bytes is larger than a state dict holds`);
    const p = need(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[p + i]!);
    if (n && bytes[p + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: {
        const proto = u8(); // PROTO
        if (proto < 2 || proto > 5) fail(`pickle protocol ${proto} is not supported (2-5)`);
        break;
      }
      case 0x95: // FRAME: a length hint only
        u64();
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length) fail('pickle ends with a malformed stack');
        return { value: stack[0], end: pos };
      case 0x28: // MARK
        if (marks.length >= maxDepth) fail(`pickle nests more than ${maxDepth} MARKs (a recursion bomb?)`);
        marks.push(stack);
        stack = [];
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        push(top());
        break;
      case 0x4e: // NONE
        push(null);
        break;
      case 0x88: // NEWTRUE
        push(true);
        break;
      case 0x89: // NEWFALSE
        push(false);
        break;
      case 0x4a: // BININT
        push(i32());
        break;
      case 0x4b: // BININT1
        push(u8());
        break;
      case 0x4d: // BININT2
        push(u16());
        break;
      case 0x8a: // LONG1
        push(long(u8()));
        break;
      case 0x8b: // LONG4
        push(long(u32()));
        break;
      case 0x47: // BINFLOAT (big-endian)
        push(view.getFloat64(need(8), false));
        break;
      case 0x58: // BINUNICODE
        push(str(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        push(str(u8()));
        break;
      case 0x8d: // BINUNICODE8
        push(str(u64()));
        break;
      case 0x54: // BINSTRING (Python 2 str)
        push(latin1(u32()));
        break;
      case 0x55: // SHORT_BINSTRING
        push(latin1(u8()));
        break;
      case 0x42: {
        // BINBYTES: kept as a copy
        const n = u32();
        const p = need(n);
        push(bytes.slice(p, p + n));
        break;
      }
      case 0x43: {
        // SHORT_BINBYTES
        const n = u8();
        const p = need(n);
        push(bytes.slice(p, p + n));
        break;
      }
      case 0x29: // EMPTY_TUPLE
        push(tuple([]));
        break;
      case 0x74: // TUPLE
        push(tuple(popMark()));
        break;
      case 0x85: // TUPLE1
        push(tuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        push(tuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        push(tuple([pop(), b, c]));
        break;
      }
      case 0x5d: // EMPTY_LIST
        push([]);
        break;
      case 0x6c: {
        // LIST
        const l: unknown[] = [];
        append(l, popMark());
        push(l);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        append(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        append(top(), items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        push(new PyDict());
        break;
      case 0x64: {
        // DICT
        const d = new PyDict();
        setItems(d, popMark());
        push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const kv = popMark();
        setItems(top(), kv);
        break;
      }
      case 0x71: // BINPUT
        put(u8());
        break;
      case 0x72: // LONG_BINPUT
        put(u32());
        break;
      case 0x94: // MEMOIZE
        put(memo.size);
        break;
      case 0x68: // BINGET
        push(get(u8()));
        break;
      case 0x6a: // LONG_BINGET
        push(get(u32()));
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const line = () => {
          const endAt = bytes.indexOf(0x0a, pos);
          if (endAt < 0 || endAt - pos > 256) fail('GLOBAL name is truncated or too long');
          return latin1(endAt - pos + 1).slice(0, -1);
        };
        const module = line();
        const name = line();
        push(resolveGlobal(module, name, fail));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') return fail('STACK_GLOBAL names are not strings');
        push(resolveGlobal(module, name, fail));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop() as PyGlobal;
        if (!fn || fn.kind !== 'global' || !fn.call) return fail(`refused call of ${fn?.name ?? 'a non-function'}`);
        if (!isTuple(args)) return fail(`REDUCE of ${fn.name} without an argument tuple`);
        push(fn.call(args));
        break;
      }
      case 0x62: {
        // BUILD: only an OrderedDict's attributes (the state dict's `_metadata`), which are dropped.
        const state = pop();
        const obj = top();
        if (!(obj instanceof PyDict)) fail('BUILD on an object other than a dict is refused');
        if (state !== null && !(state instanceof PyDict)) fail('BUILD with a state other than a dict');
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!opts.persistentLoad) return fail('persistent id outside a torch checkpoint');
        push(opts.persistentLoad(pid));
        break;
      }
      default:
        fail(
          `refused pickle opcode 0x${op.toString(16).padStart(2, '0')} at byte ${pos - 1} (not needed by a state dict)`,
        );
    }
  }
}
