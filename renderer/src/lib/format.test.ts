import { describe, expect, it } from 'vitest';
import { compact, ms, percent, shortLabel } from './format';

describe('format', () => {
  it('compacts counts like a model card', () => {
    expect(compact(25_557_032)).toBe('25.6M');
    expect(compact(4_100_000_000, 'MACs')).toBe('4.10GMACs');
    expect(compact(144_482)).toBe('144k');
    expect(compact(999)).toBe('999');
    expect(compact(undefined)).toBe('—');
  });
  it('formats latency and probabilities', () => {
    expect(ms(14.24)).toBe('14.2 ms');
    expect(ms(313.4)).toBe('313 ms');
    expect(percent(0.8312)).toBe('83.1%');
    expect(percent(0.0004)).toBe('<0.1%');
  });
  it('keeps the first synonym of a label', () => {
    expect(shortLabel('tabby, tabby cat')).toBe('tabby');
  });
});
