/**
 * `splitlens analyze <model.onnx> [--json]`: the architecture recovered from an ONNX export
 * (docs/cli.md): family, stem, stages of blocks with K, R, attention and taps, params and MACs.
 */
import type { Command } from 'commander';
import { basename } from 'node:path';
import type { Analysis, Stage } from '../../common/model.js';
import { analyzeFile } from '../../analysis/index.js';
import { table } from '../text-table.js';

const uniq = <T>(xs: T[]): string => [...new Set(xs)].join('/');

function stageRow(s: Stage): string[] {
  const b = s.blocks;
  const first = b[0]!;
  const last = b.at(-1)!;
  return [
    s.name,
    String(b.length),
    uniq(b.map((x) => x.type)),
    uniq(b.map((x) => x.cardinality)),
    uniq(b.map((x) => x.radix)),
    uniq(b.map((x) => x.attention)),
    `${first.in}→${last.out}`,
    String(first.stride),
    uniq(b.map((x) => x.width ?? '-')),
    uniq(b.map((x) => (x.taps[0] ? `[${x.taps[0].shape.join(',')}]` : '-'))),
  ];
}

function formatAnalysis(file: string, a: Analysis): string {
  const lines = [
    `${basename(file)}: ${a.family}`,
    `  producer ${a.producer || '?'}, opset ${a.opset}; input ${a.input.name} [${a.input.shape.join(', ')}]; ${a.numClasses} classes`,
    `  ${(a.params / 1e6).toFixed(2)} M params, ${(a.macs / 1e9).toFixed(2)} G MACs; stem ${a.stem.type} (${a.stem.nodes.length} ops)`,
  ];
  if (!a.stages.length) {
    lines.push('  no residual CNN stages recognised');
    return lines.join('\n');
  }
  const header = ['stage', 'blocks', 'type', 'K', 'R', 'attention', 'channels', 'stride', 'width', 'tap'];
  lines.push('', table([header, ...a.stages.map(stageRow)]));
  return lines.join('\n');
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('architecture of an ONNX export (stages, blocks, K, R, attention)')
    .argument('<model>', 'ONNX file (weights inline, external or stripped)')
    .option('--json', 'print the analysis as JSON (shape in docs/cli.md)')
    .action(async (file: string, flags: { json?: boolean }) => {
      const analysis = await analyzeFile(file);
      process.stdout.write((flags.json ? JSON.stringify(analysis, null, 2) : formatAnalysis(file, analysis)) + '\n');
    });
}
