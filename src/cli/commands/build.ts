/**
 * `splitlens build <preset> | --timm-spec spec.json [--weights f.safetensors] [--seed N]
 * [--radix R --cardinality K --base-width W --num-classes N --input-size S] -o m.onnx`:
 * build a ResNet-family model from its architecture spec into ONNX (src/zoo).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { UserError } from '../../common/errors.js';
import { statRegularFile } from '../../platform/file-kind.js';
import { checkOutputPath, writeFileSafely } from '../../platform/safe-write.js';
import { INPUT_SIDE_MAX, INPUT_SIDE_MIN, parseInputSize as readInputSize } from '../../common/input-size.js';
import { inspectCheckpoint, isCheckpointPath, buildCheckpoint } from '../../checkpoint/index.js';
import {
  PRESET_NAMES,
  specToTimmKwargs,
  buildModel,
  resolvePreset,
  specFromTimmKwargs,
  validateSpec,
  type PresetOverrides,
  type ResNetSpec,
} from '../../zoo/index.js';

interface BuildFlags {
  timmSpec?: string;
  weights?: string;
  seed?: number;
  radix?: number;
  cardinality?: number;
  baseWidth?: number;
  numClasses?: number;
  inputSize?: ResNetSpec['inputSize'];
  fixedSize?: boolean;
  saveSpec?: string;
  foldBn: boolean;
  output: string;
}

/** `--input-size S` or `HxW`. */
export function parseInputSize(value: string): ResNetSpec['inputSize'] {
  const size = readInputSize(value);
  if (size === undefined)
    throw new UserError(`--input-size expects S or HxW (${INPUT_SIDE_MIN} to ${INPUT_SIDE_MAX}), got '${value}'`);
  return size;
}

function intFlag(flag: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new UserError(`${flag} expects an integer >= ${min}, got '${value}'`);
    }
    return n;
  };
}

/** The kwargs and, for a fixture ref.json, its model name. */
function readTimmSpec(path: string): { spec: unknown; name?: unknown } {
  statRegularFile(path, 'spec file');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot read spec (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`);
  }
  try {
    const json = JSON.parse(text) as unknown;
    // Accept a whole fixture ref.json as well as its `spec` object.
    if (json && typeof json === 'object' && 'spec' in json && 'state_dict' in json) return json;
    return { spec: json };
  } catch {
    throw new UserError(`${path}: not valid JSON`);
  }
}

function resolveSpec(preset: string | undefined, f: BuildFlags): { spec: ResNetSpec; name: string } {
  const overrides: PresetOverrides = {
    radix: f.radix,
    cardinality: f.cardinality,
    baseWidth: f.baseWidth,
    numClasses: f.numClasses,
    inputSize: f.inputSize,
  };
  if (preset && f.timmSpec) throw new UserError('give either a preset name or --timm-spec, not both');
  const defined = Object.entries(overrides).filter(([, v]) => v !== undefined);
  // A changed preset gets a name that says so, e.g. `resnest50d+radix=4,cardinality=2`.
  const suffix = defined.length ? `+${defined.map(([k, v]) => `${k}=${String(v)}`).join(',')}` : '';
  if (preset) return { spec: resolvePreset(preset, overrides), name: preset + suffix };
  if (!f.timmSpec) throw new UserError('build needs a preset name (e.g. resnest50d) or --timm-spec spec.json');
  const file = readTimmSpec(f.timmSpec);
  const base = specFromTimmKwargs(file.spec);
  const stem = typeof file.name === 'string' ? file.name : f.timmSpec.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
  return { spec: validateSpec({ ...base, ...Object.fromEntries(defined) }, f.timmSpec), name: stem + suffix };
}

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('build a ResNet-family model from an architecture spec into ONNX (timm weights or seeded random)')
    .argument('[preset]', 'timm model name, e.g. resnet50, resnext50_32x4d, seresnet50, skresnext50_32x4d, resnest50d')
    .option('--timm-spec <spec.json>', 'timm ResNet(**kwargs) JSON instead of a preset')
    .option(
      '--weights <file>',
      'weights: timm .safetensors, or a PyTorch .pth/.pt/.bin (timm, torchvision, official ResNeSt); without a preset or --timm-spec the architecture is inferred from it',
    )
    .option('--seed <n>', 'seed of the random init', intFlag('--seed', 0))
    .option('--radix <R>', 'ResNeSt radix (splits)', intFlag('--radix', 0))
    .option('--cardinality <K>', 'groups of the 3x3 conv', intFlag('--cardinality', 1))
    .option('--base-width <W>', 'width per group', intFlag('--base-width', 1))
    .option('--num-classes <N>', 'classifier outputs', intFlag('--num-classes', 1))
    .option('--input-size <S|HxW>', 'input size the model is measured and preprocessed at', parseInputSize)
    .option('--fixed-size', 'declare the input height and width fixed (default: dynamic, any size)')
    .option('--save-spec <spec.json>', 'also write the spec as timm kwargs JSON (what --timm-spec reads)')
    .option('--no-fold-bn', 'keep BatchNorm as separate nodes')
    .requiredOption('-o, --output <m.onnx>', 'where to write the ONNX model')
    .addHelpText('after', `\nPresets: ${PRESET_NAMES.join(', ')}`)
    .action(async (preset: string | undefined, flags: BuildFlags) => {
      const inputs = [flags.timmSpec, flags.weights].filter((f): f is string => f !== undefined);
      checkOutputPath(flags.output, { inputs, flag: '-o' });
      if (flags.saveSpec !== undefined)
        checkOutputPath(flags.saveSpec, { inputs: [...inputs, flags.output], flag: '--save-spec' });
      if (flags.weights && flags.seed !== undefined)
        throw new UserError('--seed applies to random weights only; drop it or --weights');
      const t0 = performance.now();
      // A timm .safetensors with a preset/--timm-spec loads as before; anything else goes through the
      // checkpoint reader (key layouts, inference).
      const w = flags.weights;
      const timmFile = w?.toLowerCase().endsWith('.safetensors') && (preset || flags.timmSpec);
      const fromCheckpoint = w && !timmFile && (isCheckpointPath(w) || (!preset && !flags.timmSpec));
      let model;
      let spec: ResNetSpec;
      let name: string;
      if (fromCheckpoint) {
        // A PyTorch/safetensors checkpoint: its spec is the preset/--timm-spec given, else inferred.
        const given = preset || flags.timmSpec ? resolveSpec(preset, flags) : undefined;
        const ck = inspectCheckpoint(flags.weights!, {
          ...(given ? { timmSpec: specToTimmKwargs(given.spec) } : {}),
          ...(flags.inputSize !== undefined ? { inputSize: flags.inputSize } : {}),
        });
        if (!given)
          process.stderr.write(`inferred from ${flags.weights}:\n${ck.summary.map((l) => `  ${l}`).join('\n')}\n`);
        model = await buildCheckpoint(ck, { foldBn: flags.foldBn, fixedSize: flags.fixedSize });
        spec = ck.inferred.spec;
        name = given?.name ?? ck.name;
      } else {
        ({ spec, name } = resolveSpec(preset, flags));
        model = await buildModel({
          spec,
          weights: flags.weights,
          seed: flags.seed,
          name,
          foldBn: flags.foldBn,
          fixedSize: flags.fixedSize,
        });
      }
      if (flags.saveSpec !== undefined) {
        const json = JSON.stringify(specToTimmKwargs(spec), null, 2) + '\n';
        await writeFileSafely(flags.saveSpec, json, { inputs: [...inputs, flags.output], flag: '--save-spec' });
      }
      await writeFileSafely(flags.output, model.onnx, { inputs, flag: '-o' });
      const secs = (performance.now() - t0) / 1000;
      const weights =
        model.weights === 'pretrained' ? `weights ${flags.weights}` : `untrained, seed ${flags.seed ?? 0}`;
      const attn = model.attentionOutputs;
      const attnNote = attn.length ? `${attn.length} attention outputs (${attn[0]} ...)` : 'no attention outputs';
      process.stdout.write(
        `${name}: ${model.params.toLocaleString('en-US')} params, ${weights}, ${attnNote}\n` +
          `wrote ${flags.output} (${(model.onnx.length / 1e6).toFixed(1)} MB) in ${secs.toFixed(2)} s\n`,
      );
    });
}
