import { describe, expect, it } from 'vitest';
import { ByteLru } from './byte-lru.js';

describe('ByteLru', () => {
  it('evicts the least recently used entries once the byte bound is passed', () => {
    const lru = new ByteLru<string, number>(10);
    lru.set('a', 1, 4);
    lru.set('b', 2, 4);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3, 4);
    expect(lru.has('b')).toBe(false);
    expect([lru.get('a'), lru.get('c')]).toEqual([1, 3]);
    expect(lru.bytes).toBe(8);
  });

  it('does not keep an entry larger than the bound, and counts hits and misses', () => {
    const lru = new ByteLru<string, number>(10);
    lru.set('big', 1, 11);
    expect(lru.get('big')).toBeUndefined();
    lru.set('x', 2, 3);
    lru.get('x');
    expect([lru.hits, lru.misses, lru.size, lru.bytes]).toEqual([1, 1, 1, 3]);
    lru.deleteWhere((k) => k === 'x');
    expect([lru.size, lru.bytes]).toEqual([0, 0]);
  });
});
