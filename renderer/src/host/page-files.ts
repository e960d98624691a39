/**
 * Files as the page sees them, in either host: a File the user dropped, pasted or picked → the
 * Api's upload FileSource (the raw bytes: structured clone over IPC, a packed binary body in serve
 * mode), whether it is a model, and saving text as a download.
 */
import type { FileSource } from '../../../src/common/api-types';

export async function fileToSource(file: File): Promise<FileSource> {
  let buffer: ArrayBuffer;
  try {
    buffer = await file.arrayBuffer();
  } catch {
    throw new Error(`${file.name}: cannot read the file`);
  }
  return { kind: 'bytes', name: file.name, bytes: new Uint8Array(buffer) };
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
