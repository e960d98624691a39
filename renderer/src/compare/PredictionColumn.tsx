/**
 * One model's column cells in the compare table: top-k with probability bars (classes shared with
 * other models tinted, the consensus class marked). Each class is a button: it picks the class whose
 * activation map (CAM) the column's photo shows — read from the model's one run, no new inference.
 */
import { memo } from 'react';
import type { ModelPrediction } from '../../../src/api/contract';
import { classHue, type Agreement } from '../lib/agreement';
import { percent, shortLabel } from '../lib/format';

export const TopList = memo(function TopList({
  prediction,
  agree,
  camClass,
  onCamClass,
}: {
  prediction: ModelPrediction;
  agree: Agreement;
  /** The class whose CAM is shown (the top class unless one was picked). */
  camClass?: number;
  onCamClass?: (classIndex: number) => void;
}) {
  const shown = camClass ?? prediction.top[0]?.index;
  return (
    <ol className="top-list">
      {prediction.top.map((t, i) => {
        const shared = (agree.shared.get(t.index) ?? 0) >= 2;
        const consensus = t.index === agree.consensus;
        const cam = onCamClass !== undefined && t.index === shown;
        // Outlined only when picked: by default every column shows its top class.
        const picked = cam && camClass !== undefined;
        return (
          <li
            key={t.index}
            className={`top-item${consensus ? ' consensus' : ''}${i === 0 ? ' first' : ''}${picked ? ' cam-class' : ''}`}
            data-class-index={t.index}
            title={`${t.label} (class ${t.index}) · ${(t.prob * 100).toFixed(3)}%${shared ? ` · in ${agree.shared.get(t.index)} models' top-${prediction.top.length}` : ''}${onCamClass ? ' · click: show where this class is seen (CAM)' : ''}`}
            style={shared ? { ['--hue' as string]: String(classHue(t.index)) } : undefined}
            {...(onCamClass
              ? {
                  role: 'button',
                  tabIndex: 0,
                  'aria-pressed': cam,
                  onClick: () => onCamClass(t.index),
                  onKeyDown: (e: React.KeyboardEvent) => {
                    if (e.key !== 'Enter' && e.key !== ' ') return;
                    e.preventDefault();
                    onCamClass(t.index);
                  },
                }
              : {})}
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
