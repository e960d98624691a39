/**
 * Pinned variants side by side: params, MACs, measured latency (provider), weights and the
 * published ImageNet top-1 where the architecture has one, with its source cited under the table.
 * splitlens measures cost; the accuracy column is the publishers'.
 */
import { compact, ms } from '../lib/format';
import { unpin } from './playground-actions';
import { usePlaygroundStore } from './playground-store';

export function PinnedTable() {
  const pinned = usePlaygroundStore((s) => s.pinned);
  if (!pinned.length)
    return <p className="pg-muted pg-pinned-empty">Pin up to four variants to compare them here and in every view.</p>;
  const sources = [
    ...new Map(
      pinned.flatMap((p) => (p.summary.published ? [[p.summary.published.url, p.summary.published]] : [])),
    ).values(),
  ];
  return (
    <div className="pg-pinned">
      <table className="pg-compare" data-testid="pg-compare">
        <thead>
          <tr>
            <th>variant</th>
            <th>K</th>
            <th>R</th>
            <th>params</th>
            <th>MACs</th>
            <th>latency</th>
            <th>weights</th>
            <th>top-1 (published)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {pinned.map(({ entry, summary, latency }) => (
            <tr key={entry.id} data-model={entry.id}>
              <td>{entry.label}</td>
              <td>{summary.knobs.cardinality}</td>
              <td>
                {summary.knobs.attention === 'splat' || summary.knobs.attention === 'sk' ? summary.knobs.radix : '—'}
              </td>
              <td>{compact(summary.cost.params)}</td>
              <td>{compact(summary.cost.macs)}</td>
              <td>{latency ? `${ms(latency.latencyMs)} ${latency.provider}` : '—'}</td>
              <td>{entry.weights}</td>
              <td title={summary.published?.source}>
                {summary.published
                  ? `${summary.published.top1.toFixed(2)}%${sourceMark(sources, summary.published.url)}`
                  : '—'}
              </td>
              <td>
                <button
                  className="button small"
                  onClick={() => void unpin(entry.id)}
                  aria-label={`unpin ${entry.label}`}
                >
                  Unpin
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sources.length > 0 && (
        <ol className="pg-sources">
          {sources.map((s) => (
            <li key={s.url}>
              <a href={s.url} target="_blank" rel="noreferrer">
                {s.source.replace(/:.*$/, '')}
              </a>
            </li>
          ))}
        </ol>
      )}
      <p className="pg-muted pg-disclaimer">
        Top-1 accuracies are published figures for exactly these architectures; splitlens measures cost (params, MACs,
        latency), not accuracy.
      </p>
    </div>
  );
}

const sourceMark = (sources: { url: string }[], url: string) => ` [${sources.findIndex((s) => s.url === url) + 1}]`;
