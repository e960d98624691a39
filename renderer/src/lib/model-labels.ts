/**
 * The names models are shown by: a name the user gave wins; otherwise files that would show the
 * same name (two `model.onnx`) are told apart by their folder, or by a number when the browser gave
 * no folder (uploads). The raw entry's label is kept as `fileName`/`label` on the server.
 */
import type { ModelEntry } from '../../../src/api/contract';

export function displayLabels(models: readonly ModelEntry[], names: Readonly<Record<string, string>>): ModelEntry[] {
  const named = models.map((m) => ({ m, label: names[m.id] ?? m.label, renamed: m.id in names }));
  const count = new Map<string, number>();
  for (const n of named) count.set(n.label, (count.get(n.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  return named.map(({ m, label, renamed }) => {
    if (renamed || (count.get(label) ?? 0) < 2) return label === m.label ? m : { ...m, label };
    const nth = (seen.get(label) ?? 0) + 1;
    seen.set(label, nth);
    const tag = m.folder ?? (nth > 1 ? String(nth) : undefined);
    return tag ? { ...m, label: `${label} (${tag})` } : m;
  });
}
