/**
 * The diagram's legend, folded into one button so it never covers the canvas: what a block's
 * coloured edge says (its attention), the dashed residual shortcut, "/2" and "↓" in a block's
 * detail line, and the heatmap inside attention blocks.
 */
import type { AttentionKind } from '../../../src/api/contract';

const KINDS: readonly [AttentionKind, string][] = [
  ['splat', 'split attention (ResNeSt): softmax over R splits'],
  ['sk', 'selective kernel (SK): softmax over kernel paths'],
  ['se', 'squeeze-and-excitation (SE): a sigmoid gate per channel'],
  ['eca', 'efficient channel attention (ECA)'],
  ['none', 'no attention (ResNet, ResNeXt)'],
];

export function DiagramKey() {
  return (
    <details className="diagram-key" data-testid="diagram-key">
      <summary className="button">Legend</summary>
      <div className="diagram-key-body card" role="note" aria-label="diagram legend">
        <div className="subsection-title">Block colour: its attention</div>
        <ul>
          {KINDS.map(([kind, text]) => (
            <li key={kind} data-kind={kind}>
              <span className={`key-swatch attn-${kind}`} />
              {text}
            </li>
          ))}
        </ul>
        <div className="subsection-title">Lines and marks</div>
        <ul>
          <li data-mark="main">
            <svg className="key-line" viewBox="0 0 36 8" aria-hidden="true">
              <line x1="0" y1="4" x2="36" y2="4" className="key-main" />
            </svg>
            main path (tensor shapes on expanded ops' edges)
          </li>
          <li data-mark="shortcut">
            <svg className="key-line" viewBox="0 0 36 8" aria-hidden="true">
              <line x1="0" y1="4" x2="36" y2="4" className="key-shortcut" />
            </svg>
            residual shortcut, added to the block's output
          </li>
          <li data-mark="downsample">
            <span className="key-mark">↓</span>
            downsample: the shortcut is projected (1×1 conv) to the block's new width or stride
          </li>
          <li data-mark="stride">
            <span className="key-mark">/2</span>
            the block halves the height and width (stride 2)
          </li>
          <li data-mark="kr">
            <span className="key-mark">K R</span>
            cardinality K (groups) and radix R (splits); the heatmap shows one cell per split and group
          </li>
          <li data-mark="differs">
            <span className="key-mark diff-key">≠</span>
            side by side: the block differs from the other pane's model in kind, K, R or attention
          </li>
        </ul>
        <div className="key-hint">
          Double-click a block to expand it into its ops; scroll to zoom. Zoomed far out, an expanded block is one box
          with its name, K, R and heatmap; Wrap lays a tall graph out in columns.
        </div>
      </div>
    </details>
  );
}
