/**
 * The playground's knobs: base preset (or the loaded spec), K, R, base width, depth per stage,
 * attention, stem, avg-down and avd placement. Each edit goes to the store and schedules a rebuild;
 * why the current combination cannot be built is shown right under the knobs.
 */
import type { VariantAttention, VariantAvd, VariantEdits } from '../../../src/api/contract';
import { scheduleDefine, defineNow } from './playground-actions';
import { usePlaygroundStore } from './playground-store';

const ATTENTIONS: [VariantAttention, string][] = [
  ['none', 'none'],
  ['se', 'SE'],
  ['eca', 'ECA'],
  ['sk', 'SK (selective kernel)'],
  ['splat', 'split attention'],
];

function edit(patch: VariantEdits): void {
  usePlaygroundStore.getState().edit(patch);
  scheduleDefine();
}

/** An integer input that edits on every valid keystroke. */
function IntField({
  label,
  value,
  min,
  max,
  onChange,
  testId,
  title,
}: {
  label: string;
  value: number | undefined;
  min: number;
  max: number;
  onChange(v: number): void;
  testId: string;
  title?: string;
}) {
  return (
    <label className="pg-field" title={title}>
      <span>{label}</span>
      <input
        type="number"
        data-testid={testId}
        value={value ?? ''}
        min={min}
        max={max}
        onChange={(e) => {
          const v = e.target.valueAsNumber;
          if (Number.isInteger(v)) onChange(v);
        }}
      />
    </label>
  );
}

export function VariantForm() {
  const presets = usePlaygroundStore((s) => s.presets);
  const base = usePlaygroundStore((s) => s.base);
  const loaded = usePlaygroundStore((s) => s.loaded);
  const edits = usePlaygroundStore((s) => s.edits);
  const knobs = usePlaygroundStore((s) => s.knobs);
  const summary = usePlaygroundStore((s) => s.summary);
  const v = { ...knobs, ...edits };
  const layers = v.layers ?? [1, 1, 1, 1];
  const splat = v.attention === 'splat';
  return (
    <form className="pg-form" onSubmit={(e) => e.preventDefault()} aria-label="variant">
      <label className="pg-field wide">
        <span>start from</span>
        <select
          data-testid="pg-base"
          value={loaded ? '' : base}
          onChange={(e) => {
            usePlaygroundStore.getState().setBase(e.target.value);
            void defineNow();
          }}
        >
          {loaded && <option value="">{loaded.name} (loaded)</option>}
          {presets.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <div className="pg-row">
        <IntField
          label="K"
          title="cardinality: groups of the 3x3 conv"
          testId="pg-k"
          value={v.cardinality}
          min={1}
          max={256}
          onChange={(cardinality) => edit({ cardinality })}
        />
        <IntField
          label="R"
          title="radix: splits of split attention (0 = plain conv), SK: kernel paths"
          testId="pg-r"
          value={v.radix}
          min={0}
          max={16}
          onChange={(radix) => edit({ radix })}
        />
        <IntField
          label="width"
          title="base width: channels per group"
          testId="pg-width"
          value={v.baseWidth}
          min={1}
          max={1024}
          onChange={(baseWidth) => edit({ baseWidth })}
        />
      </div>
      <div className="pg-row" role="group" aria-label="blocks per stage">
        {layers.map((n, i) => (
          <IntField
            key={i}
            label={`layer${i + 1}`}
            testId={`pg-depth-${i + 1}`}
            value={n}
            min={1}
            max={64}
            onChange={(d) => edit({ layers: layers.map((x, j) => (j === i ? d : x)) })}
          />
        ))}
      </div>
      <label className="pg-field wide">
        <span>attention</span>
        <select
          data-testid="pg-attention"
          value={v.attention ?? 'none'}
          onChange={(e) => {
            const attention = e.target.value as VariantAttention;
            // R and avd mean something only for split attention (and R for SK): start them sensibly.
            const radix = attention === 'splat' || attention === 'sk' ? Math.max(2, Math.min(v.radix ?? 2, 4)) : 1;
            edit({ attention, radix, avd: attention === 'splat' ? (v.avd === 'none' ? 'after' : v.avd) : 'none' });
          }}
        >
          {ATTENTIONS.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <div className="pg-row">
        <label className="pg-field">
          <span>stem</span>
          <select
            data-testid="pg-stem"
            value={v.stem ?? 'plain'}
            onChange={(e) => edit({ stem: e.target.value as 'plain' | 'deep' })}
          >
            <option value="plain">plain</option>
            <option value="deep">deep</option>
          </select>
        </label>
        <label className="pg-field">
          <span>avd</span>
          <select
            data-testid="pg-avd"
            value={splat ? (v.avd ?? 'none') : 'none'}
            disabled={!splat}
            title={splat ? 'where the stride-carrying 3x3 avg-pool sits' : 'a split-attention (ResNeSt) option'}
            onChange={(e) => edit({ avd: e.target.value as VariantAvd })}
          >
            <option value="none">none</option>
            <option value="before">before</option>
            <option value="after">after</option>
          </select>
        </label>
        <label className="pg-check">
          <input
            type="checkbox"
            data-testid="pg-avgdown"
            checked={v.avgDown ?? false}
            onChange={(e) => edit({ avgDown: e.target.checked })}
          />
          avg-down
        </label>
      </div>
      {summary && !summary.ok && (
        <ul className="pg-reasons" role="alert" data-testid="variant-reasons">
          {summary.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
