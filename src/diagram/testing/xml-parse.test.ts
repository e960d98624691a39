import { describe, expect, it } from 'vitest';
import { parseXml } from './xml-parse.js';

describe('parseXml (the well-formedness check the SVG tests rely on)', () => {
  it('reads elements, attributes, entities and text', () => {
    const doc = parseXml('<?xml version="1.0"?><svg a="1 &amp; 2"><!-- c --><title>x &lt; y</title><g/></svg>');
    expect(doc.attrs.a).toBe('1 & 2');
    expect(doc.children.map((c) => c.name)).toEqual(['title', 'g']);
    expect(doc.children[0]!.text).toBe('x < y');
  });
  it.each([
    ['<svg><g></svg>', 'closes'],
    ['<svg><g></g>', 'never closed'],
    ['<svg a="1" a="2"/>', 'duplicate'],
    ['<svg a=1/>', 'unparsable'],
    ['<svg>a & b</svg>', 'entity'],
    ['<svg>a < b</svg>', 'unparsable'],
    ['<svg/><svg/>', 'more than one root'],
    ['<svg a="<"/>', "raw '<'"],
  ])('rejects %s', (xml, msg) => {
    expect(() => parseXml(xml)).toThrow(msg);
  });
});
