/**
 * The hostile-image corpus: the fixtures' odd encodings plus generated files — a valid PNG header
 * claiming 100000×100000, a decompression bomb (a complete blank PNG of 100 MP in a few KB), a JPEG
 * frame header claiming 65500×65500, truncated files, wrong extensions, SVGs (external file reference,
 * entity expansion). Each case says whether it must be refused or is a valid, if odd, photo.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blankPng, pngWithHeader } from './png-bytes.js';

export interface ImageCase {
  name: string;
  file: string;
  /** `refuse`: a one-line UserError; `accept`: decodes and predicts (odd but valid). */
  expect: 'refuse' | 'accept';
}

const REFUSED_FIXTURES = new Set(['empty.png', 'not_an_image.jpg', 'truncated.jpg']);

export function writeImageCorpus(dir: string, fixtures: string): ImageCase[] {
  mkdirSync(dir, { recursive: true });
  const cases: ImageCase[] = [];
  const add = (name: string, fileName: string, bytes: Uint8Array | string, expect: ImageCase['expect']): void => {
    const file = join(dir, fileName);
    writeFileSync(file, bytes);
    cases.push({ name, file, expect });
  };
  const odd = join(fixtures, 'images/odd');
  for (const f of readdirSync(odd).sort()) {
    copyFileSync(join(odd, f), join(dir, `odd-${f}`));
    cases.push({
      name: `odd/${f}`,
      file: join(dir, `odd-${f}`),
      expect: REFUSED_FIXTURES.has(f) ? 'refuse' : 'accept',
    });
  }
  const chelsea = readFileSync(join(fixtures, 'images/chelsea.png'));
  const rocket = readFileSync(join(fixtures, 'images/rocket.jpg'));

  add(
    'PNG header claiming 100000×100000',
    'huge-header.png',
    pngWithHeader(100_000, 100_000, new Uint8Array([0x78, 0x9c, 3, 0, 0, 0, 0, 1])),
    'refuse',
  );
  add(
    'PNG header claiming 2^31-1 × 2^31-1',
    'max-header.png',
    pngWithHeader(2 ** 31 - 1, 2 ** 31 - 1, new Uint8Array(8)),
    'refuse',
  );
  add('decompression bomb: blank 10000×10000 PNG', 'bomb.png', blankPng(10_000, 10_000), 'refuse');
  add('JPEG frame header claiming 65500×65500', 'huge-header.jpg', jpegWithSize(rocket, 65_500, 65_500), 'refuse');
  add('PNG truncated to half', 'half.png', chelsea.subarray(0, chelsea.length >> 1), 'refuse');
  add('PNG truncated after the header', 'header-only.png', chelsea.subarray(0, 33), 'refuse');
  add('JPEG truncated to 100 bytes', 'cut.jpg', rocket.subarray(0, 100), 'refuse');
  add('PNG named .jpg', 'really-png.jpg', chelsea, 'accept');
  add('JPEG named .png', 'really-jpeg.png', rocket, 'accept');
  add('text named .png', 'notes.png', 'not a picture\n', 'refuse');
  add(
    'ONNX-ish bytes named .jpg',
    'model.jpg',
    Uint8Array.of(0x08, 0x08, 0x12, 0x07, ...Buffer.from('pytorch')),
    'refuse',
  );
  add('PNG with a corrupt CRC', 'bad-crc.png', corruptCrc(chelsea), 'refuse');
  add(
    'SVG claiming 100000×100000',
    'huge.svg',
    '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect width="9" height="9"/></svg>',
    'refuse',
  );
  add('SVG with entity expansion', 'laughs.svg', billionLaughs(), 'refuse');
  // librsvg must not load the referenced file: the SVG renders blank (white), never the photo.
  const ref = join(fixtures, 'images/chelsea.png');
  add(
    'SVG referencing a local file',
    'local-ref.svg',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><image href="file://${ref}" xlink:href="file://${ref}" width="64" height="64"/></svg>`,
    'accept',
  );
  return cases;
}

/** Rewrites the first SOF marker's height and width. */
function jpegWithSize(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i + 9 < out.length;) {
    if (out[i] !== 0xff) break;
    const marker = out[i + 1]!;
    const len = out.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

function corruptCrc(png: Buffer): Buffer {
  const out = Buffer.from(png);
  out[29] = out[29]! ^ 0xff; // IHDR's CRC (8 signature + 8 head + 13 data)
  return out;
}

function billionLaughs(): string {
  let entities = '<!ENTITY l0 "lol">';
  for (let k = 1; k < 10; k++) entities += `<!ENTITY l${k} "${`&l${k - 1};`.repeat(10)}">`;
  return `<?xml version="1.0"?><!DOCTYPE svg [${entities}]><svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><text>&l9;</text></svg>`;
}
