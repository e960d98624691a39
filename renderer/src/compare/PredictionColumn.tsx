/**
 * One model's column cells in the compare table: top-k with probability bars (classes shared with
 * other models tinted, the consensus class marked), and the model's numbers.
 */
import { memo } from 'react';
import type { ModelPrediction } from '../../../src/api/contract';
import { classHue, type Agreement } from '../lib/agreement';
import { percent, shortLabel } from '../lib/format';

export const TopList = memo(function TopList({ prediction, agree }: { prediction: ModelPrediction; agree: Agreement }) {
  return (
    <ol className="top-list">
      {prediction.top.map((t, i) => {
        const shared = (agree.shared.get(t.index) ?? 0) >= 2;
        const consensus = t.index === agree.consensus;
        return (
          <li
            key={t.index}
            className={`top-item${consensus ? ' consensus' : ''}${i === 0 ? ' first' : ''}`}
            data-class-index={t.index}
            title={`${t.label} (class ${t.index}) · ${(t.prob * 100).toFixed(3)}%${shared ? ` · in ${agree.shared.get(t.index)} models' top-${prediction.top.length}` : ''}`}
            style={shared ? { ['--hue' as string]: String(classHue(t.index)) } : undefined}
          >
            <span className={`class-dot${shared ? ' shared' : ''}`} />
            <span className="top-label">{shortLabel(t.label)}</span>
            <span className="top-prob">{percent(t.prob)}</span>
            <span className="prob-bar">
              <span style={{ width: `${Math.max(0.5, t.prob * 100)}%` }} />
            </span>
          </li>
        );
      })}
    </ol>
  );
});
