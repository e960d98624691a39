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

/** Longest message a person is shown: a backstop for messages that echo what a user sent. */
export const MAX_MESSAGE_CHARS = 1000;

/** One line, no stack, at most MAX_MESSAGE_CHARS: what a person sees. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split('\n')[0]!.trim();
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS)}… (message cut)` : line;
}

/**
 * Text from a file or a request, quoted for a message: control characters replaced (the message
 * stays one line) and at most `max` characters, so a hostile name cannot flood the terminal.
 */
export function quoteText(text: string, max = 60): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return `'${Array.from(short, (c) => (c < ' ' || c === '\u007f' ? '?' : c)).join('')}'`;
}

/** `'a', 'b', 'c' … (+9,997 more)`: the first few of a list named in a message, and how many are left. */
export function listFew(items: readonly string[], max = 3): string {
  const shown = items
    .slice(0, max)
    .map((s) => quoteText(s))
    .join(', ');
  const rest = items.length - max;
  return rest > 0 ? `${shown} … (+${rest.toLocaleString('en-US')} more)` : shown;
}
