/**
 * The PyTorch-eager peer as a section of docs/bench.md (and its raw report for the bench JSON):
 * one row per model and batch with both sides' timings and the ratio eager / ORT, then the parity
 * evidence that makes the ratio mean something (the ports against timm, torch against ORT).
 */
import { runTorchPeer, type PeerRow, type TorchPeerOptions, type TorchPeerReport } from './torch-peer.js';

export const TORCH_PEER_HEADING = '## PyTorch eager peer (CPU, same weights, input and threads as onnxruntime-node)';

const f1 = (v: number): string => v.toFixed(1);
const f2 = (v: number): string => v.toFixed(2);
const e1 = (v: number): string => (v === 0 ? '0' : v.toExponential(1));

function parityLine(r: PeerRow): string {
  const fixtures = r.checks.map((c) => `${c.fixture} ${e1(c.maxAbsDiff)}`).join(', ');
  const tv = r.torchvisionVsPort === undefined ? '' : `; torchvision vs port ${e1(r.torchvisionVsPort)}`;
  const ort = r.logitsMaxAbsDiff === undefined ? '' : `; PyTorch vs ORT (full size) ${e1(r.logitsMaxAbsDiff)}`;
  return `- ${r.model} (${r.impl === 'port' ? 'timm port' : 'torchvision'}): ${fixtures}${tv}${ort}`;
}

export function torchPeerMarkdown(r: TorchPeerReport): string {
  if (r.status === 'skipped') return `${TORCH_PEER_HEADING}\n\nSkipped: ${r.reason}.\n`;
  const rows = r.rows.flatMap((m) =>
    m.error
      ? [`| ${m.model} | ${m.impl} | – | not timed: ${m.error} | | |`]
      : m.batches.map(
          (b) =>
            `| ${m.model} | ${m.impl} | ${b.batch} | ${f1(b.torch.medianMs)} / ${f1(b.torch.minMs)} | ${f1(b.ort.medianMs)} / ${f1(b.ort.minMs)} | ${f2(b.ratioMedian)} / ${f2(b.ratioMin)} |`,
        ),
  );
  const runs = [...new Set(r.rows.flatMap((m) => m.batches.map((b) => `batch ${b.batch}: ${b.runs} runs`)))];
  return (
    [
      TORCH_PEER_HEADING,
      '',
      `${r.date} · ${r.machine.cpu} · ${r.machine.cores} cores · PyTorch ${r.torch} (${r.python}) · ${r.threads} intra-op threads each · OMP_WAIT_POLICY=${r.ompWaitPolicy} · ${r.warmup} warm-up runs · ${runs.join(', ')} (ms; median / min)`,
      '',
      '| model | PyTorch model | batch | PyTorch eager | onnxruntime-node | eager / ORT |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
      'Checked before timing (max |Δ logits|; a port that misses timm by more than 1e-4 is not timed):',
      '',
      ...r.rows.map(parityLine),
    ].join('\n') + '\n'
  );
}

/** The bench part `torch`: Markdown for the report; the raw report goes to `data.torchPeer`. */
export async function torchPeerSection(opts: TorchPeerOptions, data?: Record<string, unknown>): Promise<string> {
  opts.log?.('torch: PyTorch eager vs plain onnxruntime-node, same weights and threads');
  const report = await runTorchPeer(opts);
  if (report.status === 'skipped') opts.log?.(`torch: skipped: ${report.reason}`);
  if (data) data.torchPeer = report;
  return torchPeerMarkdown(report).trimEnd();
}
