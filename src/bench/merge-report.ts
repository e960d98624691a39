/**
 * A partial bench run (`--only`, or a part measured by a test such as serve memory) must not wipe
 * the figures other runs recorded: the new report replaces the sections it measured and keeps the
 * rest of the previous file where they were.
 */

interface Section {
  heading: string;
  text: string;
}

/** The report's preamble (title, generated line) and its `## ` sections. */
function split(markdown: string): { head: string; sections: Section[] } {
  const parts = markdown.split(/^(?=## )/m);
  const head = parts[0]!.startsWith('## ') ? '' : parts.shift()!;
  return {
    head,
    sections: parts.map((text) => ({ heading: text.slice(0, text.indexOf('\n') >>> 0).trim(), text })),
  };
}

const withBreak = (text: string) => (text.endsWith('\n\n') ? text : text.replace(/\n*$/, '\n\n'));

/** `fresh`'s sections in place of the same headings of `previous`; `previous`'s others kept in order. */
export function mergeMarkdownReports(previous: string, fresh: string): string {
  const old = split(previous);
  const now = split(fresh);
  const byHeading = new Map(now.sections.map((s) => [s.heading, s]));
  const used = new Set<string>();
  const merged = old.sections.map((s) => {
    const replacement = byHeading.get(s.heading);
    if (!replacement) return s.text;
    used.add(s.heading);
    return replacement.text;
  });
  for (const s of now.sections) if (!used.has(s.heading)) merged.push(s.text);
  return (withBreak(now.head) + merged.map(withBreak).join('')).replace(/\n+$/, '\n');
}

/** The raw results by part: the parts measured now replace the same parts of the previous file. */
export function mergeJsonReports(previous: unknown, fresh: Record<string, unknown>): Record<string, unknown> {
  const old = previous && typeof previous === 'object' && !Array.isArray(previous) ? previous : {};
  return { ...(old as Record<string, unknown>), ...fresh };
}
