/**
 * The prober itself can fail a case: a synchronous infinite loop is cut off as `hang` (and the
 * thread replaced), a thread that throws is a `crash`, and a normal answer passes through.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Prober } from './testing/prober.js';

const prober = new Prober(3_000, new URL('./testing/stuck-probe-worker.ts', import.meta.url));
afterAll(() => prober.close());

describe('Prober', () => {
  it('reports answers, hangs and dead threads, and keeps going after each', async () => {
    const ok = () => prober.probe(Uint8Array.of(1));
    expect(await ok()).toEqual({ kind: 'ok' });
    expect(await prober.probe(Uint8Array.of(2))).toEqual({ kind: 'hang', detail: 'no answer within 3000 ms' });
    expect(await ok()).toEqual({ kind: 'ok' });
    const thrown = await prober.probe(Uint8Array.of(3));
    expect(thrown.kind).toBe('crash');
    expect(thrown.detail).toContain('probe worker blew up');
    expect(await ok()).toEqual({ kind: 'ok' });
  });
});
