/**
 * Files as the page sees them, in either host: a File the user dropped, pasted or picked → the
 * Api's upload FileSource (base64 bytes), whether it is a model, and saving text as a download.
 */
import type { FileSource } from '../../../src/common/api-types';

export function fileToSource(file: File): Promise<FileSource> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new Error(`${file.name}: cannot read the file`));
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ kind: 'upload', name: file.name, base64: url.slice(url.indexOf(',') + 1) });
    };
    reader.readAsDataURL(file);
  });
}

export function isModelFile(file: File): boolean {
  return /\.(onnx|pth|pt|bin|safetensors)$/i.test(file.name);
}

/** A PyTorch or safetensors checkpoint: opened after the user confirms its inferred architecture. */
export function isCheckpointFile(name: string): boolean {
  return /\.(pth|pt|bin|safetensors)$/i.test(name);
}

/** Save text as a file download (SVG export). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
