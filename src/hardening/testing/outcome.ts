/**
 * How a hostile input ended: `ok` (accepted), `clean` (a one-line UserError naming the problem),
 * `crash` (any other exception, a multi-line message, a dead worker) or `hang` (past its timeout).
 * Tallies count them for the printed summaries the tests assert on.
 */
export type OutcomeKind = 'ok' | 'clean' | 'crash' | 'hang';

export interface Outcome {
  kind: OutcomeKind;
  /** The error's name and message (crash: plus the top stack frame). */
  detail?: string;
}

/** A message a person reads as one line: not blank, no line breaks. */
export function isOneLine(message: string): boolean {
  return message.trim() !== '' && !/[\r\n]/.test(message);
}

export function classifyError(e: unknown): Outcome {
  const name = e instanceof Error ? e.name : typeof e;
  const message = e instanceof Error ? e.message : String(e);
  if ((name === 'UserError' || name === 'CancelledError') && isOneLine(message))
    return { kind: 'clean', detail: message };
  const frame = e instanceof Error ? (e.stack ?? '').split('\n').find((l) => l.trim().startsWith('at ')) : undefined;
  return { kind: 'crash', detail: `${name}: ${message.slice(0, 300)}${frame ? ` ${frame.trim()}` : ''}` };
}

export interface Tally {
  tried: number;
  ok: number;
  clean: number;
  crash: number;
  hang: number;
  /** Crashes and hangs: the case and what happened. */
  failures: { name: string; outcome: Outcome }[];
}

export const emptyTally = (): Tally => ({ tried: 0, ok: 0, clean: 0, crash: 0, hang: 0, failures: [] });

export function count(t: Tally, name: string, o: Outcome): void {
  t.tried++;
  t[o.kind]++;
  if (o.kind === 'crash' || o.kind === 'hang') t.failures.push({ name, outcome: o });
}

export function summary(label: string, t: Tally): string {
  const ok = t.ok ? `, ${t.ok} accepted` : '';
  return `${label}: ${t.tried} cases, ${t.clean} clean errors${ok}, ${t.crash} crashes, ${t.hang} hangs`;
}
