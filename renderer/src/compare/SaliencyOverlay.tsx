/**
 * The photo with one model's saliency map painted over it (inferno-like ramp, alpha ∝ value), in a
 * box of the photo's own aspect ratio (portrait photos: a square box) so it is not letterboxed.
 */
import { memo, useEffect, useRef } from 'react';
import type { SaliencyMap } from '../../../src/api/contract';
import { inferno } from '../../../src/common/colour-scale';

export const SaliencyOverlay = memo(function SaliencyOverlay({
  src,
  alt,
  aspect,
  map,
}: {
  src: string;
  alt: string;
  aspect: number;
  map?: SaliencyMap;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !map) return;
    canvas.width = map.width;
    canvas.height = map.height;
    const img = ctx.createImageData(map.width, map.height);
    for (let i = 0; i < map.values.length; i++) {
      const v = map.values[i]!;
      const [r, g, b] = inferno(v);
      img.data.set([r, g, b, Math.round(210 * Math.sqrt(Math.max(0, v)))], i * 4);
    }
    ctx.putImageData(img, 0, 0);
  }, [map]);
  return (
    <div className="saliency" style={{ aspectRatio: String(Math.max(1, aspect)) }}>
      <img src={src} alt={alt} draggable={false} />
      {map && <canvas ref={ref} data-testid="saliency-canvas" aria-label={`saliency for ${map.label}`} />}
    </div>
  );
});
