/**
 * Worker-thread side of the prober: reads and analyses one ONNX input (file or bytes) the way the
 * app does — readOnnx, analyzeOnnx, blockOps of every block, the diagram and its SVG —
 * and reports the outcome. Running it
 * in a thread lets the caller time out a case that loops forever, without losing the test process.
 */
import { parentPort } from 'node:worker_threads';
import { readOnnx } from '../../onnx/read-onnx.js';
import { analyzeOnnx } from '../../analysis/analyze.js';
import { blockOps } from '../../analysis/block-ops.js';
import { layoutDiagram, renderSvg } from '../../diagram/index.js';
import { classifyError, type Outcome } from './outcome.js';

export interface ProbeRequest {
  id: number;
  /** A path (read from disk, external data next to it) or the file's bytes. */
  input: string | Uint8Array;
}

export interface ProbeResponse {
  id: number;
  outcome: Outcome;
}

async function probe(input: string | Uint8Array): Promise<Outcome> {
  try {
    const model = await readOnnx(input);
    const analysis = analyzeOnnx(model);
    for (const b of analysis.stages.flatMap((s) => s.blocks)) blockOps(model, analysis, b.name);
    JSON.stringify(analysis);
    // What the app draws from it (host side): the diagram, first and last block of each stage
    // expanded (all of them would cost seconds on the big graphs), and its SVG.
    const expand = analysis.stages
      .flatMap((s) => [s.blocks[0]?.name ?? '', s.blocks.at(-1)?.name ?? ''])
      .filter(Boolean);
    const diagram = layoutDiagram(analysis, {
      modelId: 'probe',
      expand,
      opsOf: (block) => blockOps(model, analysis, block),
    });
    renderSvg(diagram, { theme: 'dark', title: 'probe' });
    return { kind: 'ok' };
  } catch (e) {
    return classifyError(e);
  }
}

const port = parentPort;
if (port) {
  port.on('message', (req: ProbeRequest) => {
    void probe(req.input).then((outcome) => port.postMessage({ id: req.id, outcome } satisfies ProbeResponse));
  });
  port.postMessage('ready');
}
