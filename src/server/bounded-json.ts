/**
 * JSON from the network, parsed with limits. `JSON.parse` alone is unbounded in what it builds: a
 * 300 MiB body of `[[{},{},…]]` held a server at 100% CPU and 6.9 GB, and 140 million numbers made
 * V8 abort. One pass over the bytes first checks nesting depth, the length of every array and
 * object, and the number of values, without allocating; only a body within all three is handed to
 * `JSON.parse` (which then builds at most `maxValues` values). Strings are skipped, so a large
 * base64 upload costs one linear scan.
 */

export interface JsonLimits {
  /** Deepest nesting of arrays and objects (the Api's arguments need about 5). */
  maxDepth: number;
  /** Most elements in one array or members in one object. */
  maxLength: number;
  /** Most values in the whole document (containers and scalars). */
  maxValues: number;
}

/** The Api's arguments: `expand` lists up to 10,000 block names, nothing else comes close. */
export const API_JSON_LIMITS: JsonLimits = { maxDepth: 32, maxLength: 10_000, maxValues: 100_000 };

/** The body breaks a limit: a one-line reason, answered with HTTP 400. */
export class JsonTooComplex extends Error {
  override name = 'JsonTooComplex';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Counts as the bytes arrive (a body bomb is refused after its first few kilobytes, not after
 * 300 MiB were read): `feed` throws JsonTooComplex once `limits` are broken. Syntax is left to
 * `JSON.parse`: this pass only counts.
 */
export class JsonShapeCheck {
  private readonly lengths: Int32Array;
  private depth = 0;
  private values = 0;
  private inString = false;
  /** The next byte is escaped (a backslash ended the previous chunk). */
  private escaped = false;
  /** Whether the current value was counted already (a number's later digits, a closed container). */
  private counted = false;

  constructor(private readonly limits: JsonLimits) {
    this.lengths = new Int32Array(limits.maxDepth + 1);
  }

  private count(): void {
    if (++this.values > this.limits.maxValues)
      throw new JsonTooComplex(
        `the request has more than ${this.limits.maxValues.toLocaleString('en-US')} JSON values`,
      );
  }

  feed(bytes: Uint8Array): void {
    const { lengths, limits } = this;
    let { depth, inString, escaped, counted } = this;
    try {
      for (let i = 0; i < bytes.length; i++) {
        const c = bytes[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        switch (c) {
          case OPEN_ARRAY:
          case OPEN_OBJECT:
            this.count();
            if (++depth > limits.maxDepth)
              throw new JsonTooComplex(`the request nests JSON deeper than ${limits.maxDepth} levels`);
            lengths[depth] = 0;
            counted = false;
            break;
          case CLOSE_ARRAY:
          case CLOSE_OBJECT:
            if (depth > 0) depth--;
            counted = true;
            break;
          case COMMA:
            // n commas in one container: n + 1 items.
            if (depth > 0 && ++lengths[depth]! >= limits.maxLength)
              throw new JsonTooComplex(
                `the request has a JSON array or object longer than ${limits.maxLength.toLocaleString('en-US')} items`,
              );
            counted = false;
            break;
          case COLON:
            counted = false;
            break;
          case SPACE:
          case TAB:
          case LF:
          case CR:
            break;
          default:
            // The first byte of a scalar (a string, number, true/false/null) counts it once.
            if (c === QUOTE) inString = true;
            if (!counted) {
              this.count();
              counted = true;
            }
        }
      }
    } finally {
      Object.assign(this, { depth, inString, escaped, counted });
    }
  }
}

/** Throws JsonTooComplex when `bytes` (UTF-8 JSON) breaks `limits`. */
export function checkJsonShape(bytes: Uint8Array, limits: JsonLimits): void {
  new JsonShapeCheck(limits).feed(bytes);
}

/** `JSON.parse` of a UTF-8 body within `limits` (JsonTooComplex otherwise; SyntaxError when malformed). */
export function parseBoundedJson(bytes: Uint8Array, limits: JsonLimits = API_JSON_LIMITS): unknown {
  checkJsonShape(bytes, limits);
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}
