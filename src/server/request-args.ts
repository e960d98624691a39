/**
 * Argument checks for serve mode. The browser is untrusted input: arguments go through the Api's
 * schemas (src/api/schemas.ts), and file sources must be uploads — paths are only for Electron
 * and the CLI, never for a web page.
 */
import type { ApiMethod } from '../common/api-methods.js';
import { validateArgs } from '../api/schemas.js';
import { UserError } from '../common/errors.js';

/** True when any nested value is a `{kind: 'path'}` file source. */
function containsPathSource(v: unknown, depth = 0): boolean {
  if (depth > 8 || typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return false;
  if (!Array.isArray(v) && (v as Record<string, unknown>).kind === 'path') return true;
  return Object.values(v).some((x) => containsPathSource(x, depth + 1));
}

/** The parsed arguments, or a one-line UserError saying what is wrong. */
export function checkServeArgs(method: ApiMethod, args: unknown): unknown[] {
  if (!Array.isArray(args))
    throw new UserError(`invalid arguments for ${method}: the request body must be a JSON array of arguments`);
  if (containsPathSource(args)) {
    throw new UserError(`${method}: file paths are not accepted in serve mode; upload the file instead`);
  }
  return validateArgs(method, args);
}
