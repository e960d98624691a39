/**
 * Errors the user can act on (bad file, bad flag, missing weights) versus internal faults.
 * The CLI prints `error: <message>` and exits 2 for a UserError, 1 for anything else (docs/cli.md).
 */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A request stopped because the user (or a newer request) cancelled it. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(message = 'cancelled') {
    super(message);
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && (e.name === 'UserError' || e.name === 'CancelledError');
}

/** One line, no stack: what a person sees. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.trim();
}
