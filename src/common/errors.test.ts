import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS, listFew, oneLine, quoteText } from './errors.js';

describe('messages built from user input stay one short line', () => {
  it('oneLine keeps the first line and cuts a flood', () => {
    expect(oneLine(new Error('first\n    at x.js:1:1'))).toBe('first');
    const cut = oneLine(new Error(`unknown model '${'a'.repeat(100_000)}'`));
    expect(cut.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS + 20);
    expect(cut.endsWith('… (message cut)')).toBe(true);
  });

  it('quoteText replaces control characters and shortens', () => {
    expect(quoteText('evil\nsecond\u001b[31m')).toBe("'evil?second?[31m'");
    expect(quoteText('x'.repeat(100), 10)).toBe(`'${'x'.repeat(10)}…'`);
  });

  it('listFew names three and counts the rest', () => {
    expect(listFew(['a', 'b'])).toBe("'a', 'b'");
    expect(listFew(Array.from({ length: 10_000 }, (_, i) => `n${i}`))).toBe("'n0', 'n1', 'n2' … (+9,997 more)");
  });
});
