import { describe, expect, it } from 'vitest';
import { API_JSON_LIMITS, JsonShapeCheck, JsonTooComplex, checkJsonShape, parseBoundedJson } from './bounded-json.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const limits = { maxDepth: 4, maxLength: 3, maxValues: 10 };
const reason = (s: string) => {
  try {
    checkJsonShape(bytes(s), limits);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(JsonTooComplex);
    return (e as Error).message;
  }
};

describe('bounded JSON', () => {
  it('parses what is within the limits, exactly as JSON.parse', () => {
    const args = [{ imageId: 'a', modelIds: ['x', 'y'], top: 5, ok: true, none: null, s: 'a,b[{"' }];
    expect(parseBoundedJson(bytes(JSON.stringify(args)))).toEqual(args);
    expect(parseBoundedJson(bytes(' [ ] '))).toEqual([]);
    expect(reason('[[1,2,3],{"a":1,"b":[]}]')).toBe('ok');
  });

  it('counts items, not commas inside strings or escaped quotes', () => {
    expect(reason('["a,b,c,d,e", "\\",\\",\\","]')).toBe('ok');
    expect(reason('[1,2,3,4]')).toMatch(/longer than 3 items/);
    expect(reason('{"a":1,"b":2,"c":3,"d":4}')).toMatch(/longer than 3 items/);
  });

  it('refuses deep nesting and too many values before anything is built', () => {
    expect(reason('[[[[1]]]]')).toBe('ok');
    expect(reason('[[[[[1]]]]]')).toMatch(/deeper than 4 levels/);
    expect(reason('[[1,2,3],[1,2,3],[1,2,3]]')).toMatch(/more than 10 JSON values/);
  });

  it("refuses the issue's bombs with the Api's limits", () => {
    const wide = `[[${'0,'.repeat(200_000)}0]]`;
    expect(() => parseBoundedJson(bytes(wide))).toThrow('longer than 10,000 items');
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseBoundedJson(bytes(deep))).toThrow('deeper than 32 levels');
    const many = `[${Array.from({ length: 200 }, () => `[${'{},'.repeat(999)}{}]`).join(',')}]`;
    expect(() => parseBoundedJson(bytes(many), API_JSON_LIMITS)).toThrow('more than 100,000 JSON values');
  });

  it('leaves syntax to JSON.parse', () => {
    expect(() => parseBoundedJson(bytes('{oops'))).toThrow(SyntaxError);
  });
});

describe('bounded JSON fed in pieces', () => {
  it('counts the same whatever the chunk boundaries (escapes and strings split across chunks)', () => {
    const text = '[{"a":"x\\"]]]],,,,","b":[1,2]},"\\\\",[[]]]';
    expect(JSON.parse(text)).toHaveLength(3);
    for (let cut = 0; cut <= text.length; cut++) {
      const check = new JsonShapeCheck({ maxDepth: 3, maxLength: 3, maxValues: 11 });
      check.feed(bytes(text.slice(0, cut)));
      check.feed(bytes(text.slice(cut)));
      const tight = new JsonShapeCheck({ maxDepth: 3, maxLength: 3, maxValues: 10 });
      expect(() => {
        tight.feed(bytes(text.slice(0, cut)));
        tight.feed(bytes(text.slice(cut)));
      }, `cut at ${cut}`).toThrow('more than 10 JSON values');
    }
  });
});
