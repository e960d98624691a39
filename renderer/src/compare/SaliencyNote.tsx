/**
 * The compare table's saliency key, one row under the photos: the colour bar of the maps (inferno,
 * each map scaled to its own range) and why a map covers only part of the photo — each model sees
 * only the centre crop it was given, so that is all a class activation map can say anything about.
 */
import { inferno } from '../../../src/common/colour-scale';

const STOPS = Array.from({ length: 9 }, (_, i) => {
  const [r, g, b] = inferno(i / 8);
  return `rgb(${r}, ${g}, ${b}) ${(i / 8) * 100}%`;
});

export function SaliencyNote({ columns }: { columns: number }) {
  return (
    <tr className="saliency-note-row">
      <th scope="row" className="rowhead">
        saliency
      </th>
      <td colSpan={columns}>
        <div className="saliency-note" data-testid="saliency-note">
          <span className="saliency-scale" aria-label="colour bar: low to high activation for the class">
            <span className="legend-value">low</span>
            <span
              className="saliency-bar"
              data-testid="saliency-colour-bar"
              style={{ background: `linear-gradient(to right, ${STOPS.join(', ')})` }}
            />
            <span className="legend-value">high</span>
          </span>
          <span className="saliency-caption">
            <strong>CAM</strong> (class activation map): where the last stage&apos;s features raise the class&apos;s
            score, scaled to each map&apos;s own range. A model sees only the <strong>centre crop</strong> of the photo
            (outlined), resized to its input, so the map covers that crop and leaves the edges clear. Click a class in a
            top-5 to see its map.
          </span>
        </div>
      </td>
    </tr>
  );
}
