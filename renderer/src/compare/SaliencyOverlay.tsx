/**
 * The photo with one model's saliency map painted over it (inferno-like ramp, alpha ∝ value), in a
 * box of the photo's own aspect ratio (portrait photos: a square box) so it is not letterboxed.
 */
import { memo, useEffect, useRef } from 'react';
import type { SaliencyMap } from '../../../src/api/contract';
import { inferno } from '../../../src/common/colour-scale';
import { saliencyOnPhoto } from '../../../src/common/saliency-upsample';

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
    </div>
  );
});
