import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('returns whole events only, across chunk boundaries', () => {
    const p = new SseParser();
    expect(p.push(': connected\n\nevent: progress\ndata: {"a"')).toEqual([]);
    expect(p.push(':1}\n\nda')).toEqual([{ event: 'progress', data: '{"a":1}' }]);
    expect(p.push('ta: x\r\ndata: y\r\n\r\n')).toEqual([{ event: 'message', data: 'x\ny' }]);
  });

  it('skips comments and keep-alives', () => {
    expect(new SseParser().push(': keep-alive\n\n: keep-alive\n\n')).toEqual([]);
  });
});
