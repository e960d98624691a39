/**
 * A decoded photo → one model's input tensor: timm's eval transform (resize, centre crop,
 * normalise) and the crop's window on the photo. The one function the inference worker and its
 * preprocessing thread both call, so the two make the same values.
 */
import type { CropWindow } from '../../common/photo-run.js';
import type { RgbImage } from './pil-resample.js';
import { cropWindow, normalize, resizeAndCrop, type PreprocessConfig } from './preprocess.js';

/** A model's input for one photo: CHW float32 `data` of `h`×`w`, and where that crop lies on the photo. */
export interface ModelInput {
  data: Float32Array;
  h: number;
  w: number;
  window: CropWindow;
}

export function modelInput(img: RgbImage, cfg: PreprocessConfig): ModelInput {
  const [h, w] = cfg.size;
  return { data: normalize(resizeAndCrop(img, cfg), cfg), h, w, window: cropWindow(img.width, img.height, cfg) };
}
