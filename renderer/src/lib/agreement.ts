/**
 * Where the models agree: the consensus top-1 class (the class most models rank first) and, for
 * every class in anyone's top-k, how many models list it, so the table can tint shared classes.
 */
import type { ModelPrediction } from '../../../src/api/contract';

export interface Agreement {
  /** Class index most models put first, when at least two do. */
  consensus?: number;
  /** Models whose top-1 is the consensus. */
  agreeing: number;
  /** Models with a top-1 at all. */
  voting: number;
  /** class index → number of models listing it in their top-k. */
  shared: Map<number, number>;
}

export function agreement(results: readonly ModelPrediction[]): Agreement {
  const firsts = new Map<number, number>();
  const shared = new Map<number, number>();
  let voting = 0;
  for (const r of results) {
    const top1 = r.top[0];
    if (!top1 || r.error) continue;
    voting++;
    firsts.set(top1.index, (firsts.get(top1.index) ?? 0) + 1);
    for (const t of new Set(r.top.map((x) => x.index))) shared.set(t, (shared.get(t) ?? 0) + 1);
  }
  let consensus: number | undefined;
  let agreeing = 0;
  for (const [index, n] of firsts) {
    if (n > agreeing || (n === agreeing && consensus !== undefined && index < consensus)) {
      consensus = index;
      agreeing = n;
    }
  }
  return agreeing >= 2 ? { consensus, agreeing, voting, shared } : { agreeing: Math.min(agreeing, 1), voting, shared };
}

/** A stable hue per class index so one class has one colour in every column. */
export function classHue(index: number): number {
  return (index * 137.508) % 360;
}
