/**
 * Argument checks for serve mode. The browser is untrusted input: arguments are checked against
 * the Api's schemas, and file sources must be uploads (paths are only for Electron and the CLI).
 */
import type { ApiMethod } from '../api/contract.js';
import { UserError } from '../core/errors.js';

type Check = (v: unknown) => string | undefined;

const str: Check = (v) => (typeof v === 'string' && v.length > 0 && v.length < 4096 ? undefined : 'a non-empty string');
const obj = (keys: string[]): Check => (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'an object';
  for (const k of keys) if (str((v as Record<string, unknown>)[k])) return `an object with a string "${k}"`;
  return undefined;
};
const fileSource: Check = (v) => {
  if (typeof v !== 'object' || v === null) return 'a file source';
  const s = v as Record<string, unknown>;
  if (s.kind !== 'upload') return 'an uploaded file ({kind: "upload", name, base64})';
  if (str(s.name) || typeof s.base64 !== 'string') return 'an uploaded file with a name and base64 bytes';
  return undefined;
};

const SIGNATURES: Record<ApiMethod, Check[]> = {
  info: [],
  listModels: [],
  openModel: [fileSource],
  analyze: [str],
  blockOps: [str, str],
  diagram: [obj(['modelId'])],
  exportSvg: [obj(['modelId'])],
  sampleImages: [],
  openImage: [fileSource],
  predict: [obj(['imageId'])],
  attention: [obj(['imageId', 'modelId'])],
  saliency: [obj(['imageId', 'modelId'])],
  pullWeights: [obj(['modelId'])],
  cancel: [str],
};

/** True when any nested value is a `{kind: 'path'}` file source. */
export function containsPathSource(v: unknown, depth = 0): boolean {
  if (depth > 8 || typeof v !== 'object' || v === null) return false;
  if (!Array.isArray(v) && (v as Record<string, unknown>).kind === 'path') return true;
  return Object.values(v).some((x) => containsPathSource(x, depth + 1));
}

/** Throws a one-line UserError when `args` do not fit `method`. */
export function checkServeArgs(method: ApiMethod, args: unknown): unknown[] {
  if (!Array.isArray(args)) throw new UserError(`${method}: the request body must be a JSON array of arguments`);
  if (containsPathSource(args)) {
    throw new UserError(`${method}: file paths are not accepted in serve mode; upload the file instead`);
  }
  const sig = SIGNATURES[method];
  if (args.length > sig.length) throw new UserError(`${method}: expected at most ${sig.length} argument(s), got ${args.length}`);
  sig.forEach((check, i) => {
    if (args[i] === undefined && i >= args.length) {
      throw new UserError(`${method}: argument ${i + 1} is missing`);
    }
    const problem = check(args[i]);
    if (problem) throw new UserError(`${method}: argument ${i + 1} must be ${problem}`);
  });
  return args;
}
