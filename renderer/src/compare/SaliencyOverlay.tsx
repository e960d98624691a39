/**
 * The photo with one model's saliency map painted over it (inferno-like ramp, alpha ∝ value), in a
 * box of the photo's own aspect ratio (portrait photos: a square box) so it is not letterboxed,
 * named by its method and class ("CAM for tabby"); the table's SaliencyNote holds its colour bar.
 */
import { memo, useEffect, useRef } from 'react';
import type { SaliencyMap } from '../../../src/api/contract';
import { inferno } from '../../../src/common/colour-scale';
import { saliencyOnPhoto } from '../../../src/common/saliency-upsample';
import { shortLabel } from '../lib/format';

export const SaliencyOverlay = memo(function SaliencyOverlay({
  src,
  alt,
  aspect,
  map,
  error,
}: {
  src: string;
  alt: string;
  aspect: number;
  map?: SaliencyMap;
  /** Why the map could not be made, one line. */
  error?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !map) return;
    // The map crosses at the feature grid's size; the same function as the SVG export and CLI puts it on the photo.
    const onPhoto = saliencyOnPhoto(map.grid, map.crop);
    canvas.width = onPhoto.width;
    canvas.height = onPhoto.height;
    const img = ctx.createImageData(onPhoto.width, onPhoto.height);
    for (let i = 0; i < onPhoto.values.length; i++) {
      const v = onPhoto.values[i]!;
      const [r, g, b] = inferno(v);
      img.data.set([r, g, b, Math.round(210 * Math.sqrt(Math.max(0, v)))], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [map]);
  return (
    <div className="saliency" style={{ aspectRatio: String(Math.max(1, aspect)) }}>
      <img src={src} alt={alt} draggable={false} />
      {map && <canvas ref={ref} data-testid="saliency-canvas" aria-label={`saliency for ${map.label}`} />}
      {map && (
        // The centre crop the model saw, outlined on the photo: the only part the map covers.
        <svg
          className="saliency-crop"
          data-testid="saliency-crop"
          viewBox={`0 0 ${map.crop.width} ${map.crop.height}`}
          preserveAspectRatio="xMidYMid meet"
          aria-hidden="true"
        >
          <rect
            x={Math.max(0, map.crop.left)}
            y={Math.max(0, map.crop.top)}
            width={Math.min(map.crop.width, map.crop.left + map.crop.cropWidth) - Math.max(0, map.crop.left)}
            height={Math.min(map.crop.height, map.crop.top + map.crop.cropHeight) - Math.max(0, map.crop.top)}
            vectorEffect="non-scaling-stroke"
          />
        </svg>
      )}
      {map && (
        <span
          className="saliency-label"
          data-testid="saliency-label"
          data-class-index={map.classIndex}
          title={`class activation map (CAM) of ${map.label} (class ${map.classIndex})`}
        >
          CAM for <strong>{shortLabel(map.label)}</strong>
        </span>
      )}
      {!map && error && (
        <span className="saliency-label error-text" title={error}>
          no saliency: {error}
        </span>
      )}
    </div>
  );
});
