/**
 * A tensor's shape as the analysis infers it (`[N, 256, 56, 56]`: sizes, `N` for a symbolic
 * batch, `?` unknown) and its one text form, shared by the diagram's edges, the SVG export and the
 * op properties panel so all three write a shape alike.
 */

/** One dim: a size, or a symbol (`N` for the batch, `?` unknown). */
export type Dim = number | string;
export type Dims = Dim[];

/** `[N, 256, 56, 56]` → `256×56×56` (the batch left out, as on the diagram's spine); with it, `N×256×56×56`. */
export function dimsText(d: readonly Dim[], withBatch = false): string {
  const shown = !withBatch && d.length > 1 ? d.slice(1) : d;
  return shown.length ? shown.join('×') : 'scalar';
}
