/**
 * Overview layout for tall diagrams: src/diagram lays a network out as one column (input → stem →
 * stages of blocks → head), which fully expanded is a strip 100+ times taller than wide, so fit-to-
 * view shows an unreadable line and the minimap a hairline. This wraps that column into several
 * side by side, breaking only between blocks, so the whole graph has about the canvas's aspect.
 * Every block keeps its own inner layout (it moves as one piece); a stage split over two columns
 * gets a frame in each; an edge that jumps to the next column is re-routed up the gap between them.
 * Pure and environment-neutral: the result is a Diagram like any other (the app draws it; an
 * export could too).
 */
import type { Diagram, DiagramEdge, DiagramNode } from './diagram.js';

/** Space between columns, in diagram units (also where re-routed edges climb). */
export const COLUMN_GAP = 120;
const TOP = 24;
/** Room above a stage's frame for its title, readable far out (DiagramNodes' stage title). */
const STAGE_ROOM = 200;

/** One piece that moves as a whole: a spine node (input, stem, head, output) or a block with its ops. */
interface Unit {
  key: string;
  top: number;
  bottom: number;
  stage?: string;
}

/** How many columns give a wrapped diagram about `aspect` (width / height); 1 means leave it alone. */
export function columnCount(diagram: Pick<Diagram, 'width' | 'height'>, aspect: number): number {
  if (!(aspect > 0) || diagram.width <= 0 || diagram.height <= 0) return 1;
  // n columns: width n·(w + gap), height h / n; solve n·(w + gap) / (h / n) = aspect.
  return Math.max(1, Math.round(Math.sqrt((aspect * diagram.height) / (diagram.width + COLUMN_GAP))));
}

/** The unit a node moves with: its block (ops included), else itself; stages are rebuilt. */
function unitKey(n: DiagramNode): string | undefined {
  if (n.kind === 'stage') return undefined;
  return n.block ? `block:${n.block}` : n.id;
}

function shift(points: readonly { x: number; y: number }[], dx: number, dy: number) {
  return points.map((p) => ({ x: p.x + dx, y: p.y + dy }));
}

/**
 * `diagram` wrapped into about `columnCount(diagram, aspect)` columns (the same object when one
 * column is enough). Node ids are kept; a stage split over columns keeps its id in its first
 * column and gets `<id>~<column>` in the others.
 */
export function wrapDiagram(diagram: Diagram, aspect: number): Diagram {
  const want = columnCount(diagram, aspect);
  if (want < 2) return diagram;

  // The pieces, top to bottom, with the vertical extent of everything they carry.
  const units = new Map<string, Unit>();
  for (const n of diagram.nodes) {
    const key = unitKey(n);
    if (!key) continue;
    const u = units.get(key);
    const stage = n.kind === 'block' ? n.parent : undefined;
    if (u) {
      u.top = Math.min(u.top, n.y);
      u.bottom = Math.max(u.bottom, n.y + n.height);
      u.stage ??= stage;
    } else units.set(key, { key, top: n.y, bottom: n.y + n.height, stage });
  }
  const order = [...units.values()].sort((a, b) => a.top - b.top);
  if (order.length < 2) return diagram;

  // Greedy columns of about equal height, breaking only between pieces. Every column starts at the
  // top with room for a stage's title above it; a new stage inside a column gets the same room.
  const target = diagram.height / want;
  const column = new Map<string, number>();
  const shiftY = new Map<string, number>();
  let col = 0;
  let first: number | undefined;
  let extra = 0;
  let prev: Unit | undefined;
  for (const u of order) {
    if (first !== undefined && u.bottom - first + extra > target * 1.04) {
      col++;
      first = undefined;
    }
    if (first === undefined) {
      first = u.top;
      extra = 0;
    } else if (u.stage && u.stage !== prev?.stage) extra += STAGE_ROOM;
    column.set(u.key, col);
    shiftY.set(u.key, TOP + STAGE_ROOM - first + extra);
    prev = u;
  }
  const pitch = diagram.width + COLUMN_GAP;
  const delta = (key: string | undefined) => {
    const c = key === undefined ? 0 : (column.get(key) ?? 0);
    return { c, dx: c * pitch, dy: key === undefined ? 0 : (shiftY.get(key) ?? 0) };
  };

  const moved: DiagramNode[] = [];
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]));
  for (const n of diagram.nodes) {
    if (n.kind === 'stage') continue;
    const { dx, dy: y } = delta(unitKey(n));
    moved.push({
      ...n,
      x: n.x + dx,
      y: n.y + y,
      ...(n.heatmap ? { heatmap: { ...n.heatmap, x: n.heatmap.x + dx, y: n.heatmap.y + y } } : {}),
    });
  }

  // A stage frame per column it has blocks in, with the padding it had around its blocks.
  const stages: DiagramNode[] = [];
  for (const s of diagram.nodes.filter((n) => n.kind === 'stage')) {
    const members = order.filter((u) => u.stage === s.id);
    if (members.length === 0) {
      stages.push(s);
      continue;
    }
    const padTop = members[0]!.top - s.y;
    const padBottom = s.y + s.height - members[members.length - 1]!.bottom;
    const cols = [...new Set(members.map((u) => column.get(u.key)!))];
    cols.forEach((c, i) => {
      const part = members.filter((u) => column.get(u.key) === c);
      const head = part[0]!;
      const tail = part[part.length - 1]!;
      const top = head.top + shiftY.get(head.key)! - padTop;
      const bottom = tail.bottom + shiftY.get(tail.key)! + padBottom;
      stages.push({
        ...s,
        id: i === 0 ? s.id : `${s.id}~${c}`,
        detail: cols.length > 1 ? `${s.detail ?? ''}${s.detail ? ' · ' : ''}part ${i + 1} of ${cols.length}` : s.detail,
        x: s.x + c * pitch,
        y: top,
        height: bottom - top,
      });
    });
  }
  // Children point at their stage's part in their own column.
  const stageOf = new Map(stages.map((s) => [s.id, s]));
  for (const n of moved) {
    if (!n.parent || !n.parent.startsWith('stage:')) continue;
    const c = column.get(unitKey(n) ?? '') ?? 0;
    const part = `${n.parent}~${c}`;
    if (stageOf.has(part)) n.parent = part;
  }

  const keyOf = (id: string) => {
    const n = byId.get(id);
    return n ? unitKey(n) : undefined;
  };
  const edges = diagram.edges.map((e): DiagramEdge => {
    const s = delta(keyOf(e.source));
    const t = delta(keyOf(e.target));
    if (s.c === t.c && s.dy === t.dy) {
      return {
        ...e,
        points: shift(e.points, s.dx, s.dy),
        ...(e.labelPos ? { labelPos: { x: e.labelPos.x + s.dx, y: e.labelPos.y + s.dy } } : {}),
      };
    }
    if (s.c === t.c) {
      // Into the next stage, which moved down: the half nearer the target moves with it.
      const src = byId.get(e.source)!;
      const dst = byId.get(e.target)!;
      const mid = (src.y + src.height + dst.y) / 2;
      const points = e.points.map((p) =>
        p.y <= mid ? { x: p.x + s.dx, y: p.y + s.dy } : { x: p.x + t.dx, y: p.y + t.dy },
      );
      const rest: DiagramEdge = { ...e, points };
      if (e.labelPos) {
        const d = e.labelPos.y <= mid ? s : t;
        rest.labelPos = { x: e.labelPos.x + d.dx, y: e.labelPos.y + d.dy };
      }
      return rest;
    }
    // Down out of the source, up the gap right of its column, into the target from above.
    const a = e.points[0]!;
    const b = e.points[e.points.length - 1]!;
    const from = { x: a.x + s.dx, y: a.y + s.dy };
    const to = { x: b.x + t.dx, y: b.y + t.dy };
    const gapX = s.dx + diagram.width + COLUMN_GAP / 2 + (e.shortcut ? 12 : 0);
    const low = from.y + 16;
    const high = to.y - 16;
    const points = [from, { x: from.x, y: low }, { x: gapX, y: low }, { x: gapX, y: high }, { x: to.x, y: high }, to];
    const rest: DiagramEdge = { ...e, points };
    delete rest.labelPos;
    return rest;
  });

  const nodes = [...stages, ...moved];
  const width = Math.max(...nodes.map((n) => n.x + n.width)) + TOP;
  const height = Math.max(...nodes.map((n) => n.y + n.height)) + TOP;
  return { ...diagram, nodes, edges, width, height };
}
