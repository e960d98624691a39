/**
 * The edited variant's numbers: params, MACs, measured latency with the provider ORT used, its
 * weights (the matching checkpoint, or untrained), the published top-1 of exactly this architecture
 * with its source, where params and MACs go, and the actions (pin, save, load, export).
 */
import { COST_PARTS, MAX_PINNED_VARIANTS } from '../../../src/common/playground';
import { compact, ms } from '../lib/format';
import { exportVariant, loadVariantFile, pinCurrent, saveVariant } from './playground-actions';
import { usePlaygroundStore } from './playground-store';

export const LOAD_VARIANT_INPUT = 'pg-load-input';

export function VariantNumbers() {
  const summary = usePlaygroundStore((s) => s.summary);
  const shown = usePlaygroundStore((s) => s.lastValid);
  const latency = usePlaygroundStore((s) => s.latency);
  const defining = usePlaygroundStore((s) => s.defining);
  const pinnedCount = usePlaygroundStore((s) => s.pinned.length);
  const valid = summary?.ok === true;
  if (!shown) return <div className="pg-numbers center-message">{defining ? 'building…' : ''}</div>;
  const stale = !valid;
  const lat = latency.state !== 'idle' && latency.for === shown.modelId ? latency : undefined;
  return (
    <section
      className={stale ? 'pg-numbers stale' : 'pg-numbers'}
      data-testid="pg-numbers"
      data-label={shown.label}
      aria-busy={defining}
    >
      <h3 className="pg-title">{shown.label}</h3>
      <dl className="pg-stats">
        <dt>params</dt>
        <dd data-testid="pg-params" data-value={shown.cost.params}>
          {compact(shown.cost.params)}
        </dd>
        <dt>MACs</dt>
        <dd data-testid="pg-macs" data-value={shown.cost.macs}>
          {compact(shown.cost.macs)}
        </dd>
        <dt>latency</dt>
        <dd data-testid="pg-latency" data-state={lat?.state ?? 'idle'}>
          {lat?.state === 'done' ? (
            <>
              {ms(lat.result.latencyMs)} <span className="pg-provider">on {lat.result.provider}</span>
            </>
          ) : lat?.state === 'measuring' ? (
            <span className="pg-muted">measuring…</span>
          ) : lat?.state === 'error' ? (
            <span className="error-text" title={lat.message}>
              failed
            </span>
          ) : (
            <span className="pg-muted">—</span>
          )}
        </dd>
        <dt>weights</dt>
        <dd data-testid="pg-weights" data-state={shown.weights.state} title={shown.weights.note}>
          <span className={`weights ${shown.weights.state}`}>{shown.weights.state}</span>
          {shown.weights.checkpoint && <span className="pg-muted"> ({shown.weights.checkpoint})</span>}
        </dd>
        <dt>top-1</dt>
        <dd data-testid="pg-top1">
          {shown.published ? (
            <a href={shown.published.url} target="_blank" rel="noreferrer" title={shown.published.source}>
              {shown.published.top1.toFixed(2)}% <span className="pg-muted">published</span>
            </a>
          ) : (
            <span className="pg-muted" title="no published result for exactly this architecture">
              not published
            </span>
          )}
        </dd>
      </dl>
      <p className="pg-note">{shown.weights.note}</p>
      <table className="pg-parts" aria-label="where params and MACs go">
        <thead>
          <tr>
            <th />
            <th>params</th>
            <th>MACs</th>
          </tr>
        </thead>
        <tbody>
          {COST_PARTS.filter((p) => shown.cost.parts[p].params > 0).map((p) => (
            <tr key={p}>
              <th>{p}</th>
              <td>{share(shown.cost.parts[p].params, shown.cost.params)}</td>
              <td>{share(shown.cost.parts[p].macs, shown.cost.macs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pg-actions">
        <button
          className="button primary small"
          data-testid="pg-pin"
          disabled={!valid || pinnedCount >= MAX_PINNED_VARIANTS}
          title={pinnedCount >= MAX_PINNED_VARIANTS ? `at most ${MAX_PINNED_VARIANTS} pinned` : 'add to the model list'}
          onClick={() => void pinCurrent()}
        >
          Pin
        </button>
        <button
          className="button small"
          disabled={!valid}
          onClick={() => void saveVariant()}
          title="timm kwargs JSON (splitlens build --timm-spec)"
        >
          Save JSON
        </button>
        <button className="button small" onClick={() => document.getElementById(LOAD_VARIANT_INPUT)?.click()}>
          Load JSON
        </button>
        <button
          className="button small"
          disabled={!valid}
          onClick={() => void exportVariant('onnx')}
          title="ONNX with its weights"
        >
          ONNX
        </button>
        <button
          className="button small"
          disabled={!valid}
          onClick={() => void exportVariant('onnx-stripped')}
          title="ONNX graph without weights"
        >
          ONNX (no weights)
        </button>
        <button className="button small" disabled={!valid} onClick={() => void exportVariant('svg')}>
          SVG
        </button>
        <input
          id={LOAD_VARIANT_INPUT}
          data-testid={LOAD_VARIANT_INPUT}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void loadVariantFile(f);
          }}
        />
      </div>
    </section>
  );
}

function share(part: number, total: number): string {
  return `${compact(part)} · ${total ? Math.round((part / total) * 100) : 0}%`;
}
