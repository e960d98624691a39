import { describe, expect, it } from 'vitest';
import { holdsTypedArrays, packBody, unpackBody } from './packed-body.js';

describe('packed bodies', () => {
  it('round-trips typed arrays exactly, with the JSON around them', () => {
    const value = {
      model: 'resnet50',
      blocks: [
        { name: 'layer1.0', values: Float32Array.from([0.1, -2.5, 3e-8, Number.MAX_VALUE]) },
        { name: 'layer2.0', values: new Float32Array(0) },
      ],
      upload: { kind: 'bytes', name: 'cat.jpg', bytes: Uint8Array.from([255, 216, 255]) },
      tail: Float32Array.from([1, 2]),
    };
    const body = packBody(value);
    expect(unpackBody(body)).toEqual(value);
    // The numbers travel as raw float32 bytes, not as text in the header.
    const header = new TextDecoder().decode(body.subarray(8, 8 + new DataView(body.buffer).getUint32(4, true)));
    expect(header).not.toContain('2.5');
    expect(header).toContain('"$f32":[0,4]');
    expect(holdsTypedArrays(value)).toBe(true);
    expect(holdsTypedArrays({ a: [1, 2], b: 'x' })).toBe(false);
  });

  it('reads arrays from a body at any offset in a larger buffer', () => {
    const body = packBody([Float32Array.from([1.5, 2.5])]);
    const shifted = new Uint8Array(body.byteLength + 3);
    shifted.set(body, 3);
    expect(unpackBody(shifted.subarray(3))).toEqual([Float32Array.from([1.5, 2.5])]);
  });

  it('refuses malformed bodies in one line', () => {
    expect(() => unpackBody(new Uint8Array([1, 2, 3]))).toThrow('not a packed splitlens body');
    const body = packBody({ v: Float32Array.from([1]) });
    const view = new DataView(body.buffer);
    view.setUint32(4, 10_000, true);
    expect(() => unpackBody(body)).toThrow('header runs past the end');
    const lying = packBody({ v: Float32Array.from([1]) });
    const text = new TextDecoder().decode(lying.subarray(8, 8 + new DataView(lying.buffer).getUint32(4, true)));
    const forged = new TextEncoder().encode(text.replace('[0,1]', '[0,9]'));
    const again = new Uint8Array(lying.byteLength);
    again.set(lying);
    again.set(forged, 8);
    expect(() => unpackBody(again)).toThrow('an array lies outside the payload');
  });
});
