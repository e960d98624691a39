/**
 * A playground variant → a zoo spec: the base (preset or saved timm spec) with the edits applied,
 * checked before anything is built. Every problem comes back as its own one-line reason, so the UI
 * can explain an invalid combination (a width that does not split into K·R) without building it.
 */
import { oneLine } from '../common/errors.js';
import type { VariantAttention, VariantAvd, VariantEdits, VariantKnobs, VariantRequest } from '../common/playground.js';
import { PRESETS, PRESET_NAMES, familyOf, specSchemas, specFromTimmKwargs, type ResNetSpec } from '../zoo/index.js';

export type ResolvedVariant =
  { ok: true; spec: ResNetSpec; label: string } | { ok: false; reasons: string[]; label: string };

/** SK kernel sizes for R paths (timm's SelectiveKernel: 3, 5, 7, 9 as dilated 3x3s). */
const SK_KERNELS = [3, 5, 7, 9];

/** The knobs as a spec has them. */
export function knobsOf(spec: ResNetSpec): VariantKnobs {
  const attention: VariantAttention =
    spec.block === 'resnest_bottleneck'
      ? 'splat'
      : spec.block === 'sk_basic' || spec.block === 'sk_bottleneck'
        ? 'sk'
        : spec.attention;
  const radix = attention === 'splat' ? spec.radix : attention === 'sk' ? spec.sk.kernelSizes.length : 1;
  const avd: VariantAvd = attention === 'splat' && spec.avd ? (spec.avdFirst ? 'before' : 'after') : 'none';
  return {
    cardinality: spec.cardinality,
    radix,
    baseWidth: spec.baseWidth,
    layers: [...spec.layers],
    attention,
    stem: spec.stemType ? 'deep' : 'plain',
    avgDown: spec.avgDown,
    avd,
  };
}

/** A short name for a variant: the base, then what differs (`resnest50d R1 K2`). */
export function variantLabel(base: string, baseSpec: ResNetSpec | undefined, edits: VariantEdits): string {
  if (!baseSpec) return base;
  const k = knobsOf(baseSpec);
  const parts: string[] = [];
  if (edits.attention !== undefined && edits.attention !== k.attention) parts.push(edits.attention);
  if (edits.radix !== undefined && edits.radix !== k.radix) parts.push(`R${edits.radix}`);
  if (edits.cardinality !== undefined && edits.cardinality !== k.cardinality) parts.push(`K${edits.cardinality}`);
  if (edits.baseWidth !== undefined && edits.baseWidth !== k.baseWidth) parts.push(`w${edits.baseWidth}`);
  if (edits.layers !== undefined && edits.layers.join() !== k.layers.join()) parts.push(`d${edits.layers.join('-')}`);
  if (edits.stem !== undefined && edits.stem !== k.stem) parts.push(`${edits.stem} stem`);
  if (edits.avgDown !== undefined && edits.avgDown !== k.avgDown) parts.push(edits.avgDown ? 'avg-down' : 'conv-down');
  if (edits.avd !== undefined && edits.avd !== k.avd) parts.push(`avd ${edits.avd}`);
  return parts.length ? `${base} ${parts.join(' ')}` : base;
}

const isBasic = (s: ResNetSpec) => s.block === 'basic' || s.block === 'sk_basic';

/** Apply edits to a spec; reasons for combinations that cannot be expressed at all. */
function applyEdits(base: ResNetSpec, e: VariantEdits, reasons: string[]): Record<string, unknown> {
  const k = knobsOf(base);
  const attention = e.attention ?? k.attention;
  const radix =
    e.radix ?? (attention === k.attention ? k.radix : attention === 'splat' ? 2 : attention === 'sk' ? 2 : 1);
  const out: Record<string, unknown> = { ...base, sk: { ...base.sk } };
  const basic = isBasic(base);
  if (e.cardinality !== undefined) out.cardinality = e.cardinality;
  if (e.baseWidth !== undefined) out.baseWidth = e.baseWidth;
  if (e.layers !== undefined) out.layers = e.layers;
  if (e.avgDown !== undefined) out.avgDown = e.avgDown;
  if (e.stem !== undefined) {
    out.stemType = e.stem === 'deep' ? 'deep' : '';
    // timm's deep stems (ResNet-C/D, ResNeSt) are 32 wide; a plain stem ignores stem_width.
    if (e.stem === 'deep' && !base.stemType) out.stemWidth = 32;
  }
  out.attention = 'none';
  out.radix = 1;
  out.avd = false;
  out.avdFirst = false;
  switch (attention) {
    case 'none':
    case 'se':
    case 'eca':
      out.block = basic ? 'basic' : 'bottleneck';
      out.attention = attention;
      if (radix !== 1)
        reasons.push(`R = ${radix} needs split attention or SK: ${attention} blocks have one path (R = 1)`);
      break;
    case 'sk':
      out.block = basic ? 'sk_basic' : 'sk_bottleneck';
      if (radix < 2 || radix > SK_KERNELS.length)
        reasons.push(`SK chooses between 2 to ${SK_KERNELS.length} kernel paths: R = ${radix} is not one of them`);
      else (out.sk as ResNetSpec['sk']).kernelSizes = SK_KERNELS.slice(0, radix);
      if (k.attention !== 'sk') Object.assign(out.sk as object, { rdRatio: 1 / 16, rdDivisor: 32, splitInput: false });
      break;
    case 'splat':
      if (basic)
        reasons.push('split attention needs bottleneck blocks: start from a bottleneck preset (not resnet18/34)');
      out.block = 'resnest_bottleneck';
      out.radix = radix;
      break;
  }
  const avd = e.avd ?? (attention === 'splat' ? (k.attention === 'splat' ? k.avd : 'after') : 'none');
  if (avd !== 'none') {
    if (attention !== 'splat')
      reasons.push(`avd (${avd} the 3x3) is a ResNeSt block option: set attention to split attention`);
    out.avd = true;
    out.avdFirst = avd === 'before';
  }
  return out;
}

/** Field names as the playground calls them. */
const KNOB_NAMES: Record<string, string> = {
  cardinality: 'K',
  radix: 'R',
  baseWidth: 'base width',
  layers: 'depth',
  stemWidth: 'stem width',
};

/** Every schema problem of a spec, one line each. */
function specReasons(spec: unknown): string[] {
  const r = specSchemas().resnetSpec.safeParse(spec);
  if (r.success) return [];
  // One reason per field: the first stage whose width does not split says it for all of them.
  const seen = new Set<string>();
  const issues = r.error.issues.filter((i) => !seen.has(i.path.join('.')) && seen.add(i.path.join('.')));
  return issues.map((issue) => {
    const [field, ...rest] = issue.path.map(String);
    const name =
      field === 'layers' && rest.length
        ? `depth of stage ${Number(rest[0]) + 1}`
        : (KNOB_NAMES[field ?? ''] ?? field ?? 'spec');
    return oneLine(`${name}: ${issue.message}`);
  });
}

/** The base spec of a request, or the reason there is none. */
function baseOf(req: VariantRequest): { spec: ResNetSpec; name: string } | { reason: string } {
  if (req.timmSpec) {
    try {
      return { spec: specFromTimmKwargs(req.timmSpec), name: req.base ?? 'custom' };
    } catch (e) {
      return { reason: oneLine(e) };
    }
  }
  const name = req.base ?? '';
  const spec = PRESETS[name];
  if (!spec) return { reason: `unknown preset '${name.slice(0, 60)}'; valid: ${PRESET_NAMES.join(', ')}` };
  return { spec, name };
}

/** A variant request → its validated spec, or every reason it cannot be built. */
export function resolveVariant(req: VariantRequest): ResolvedVariant {
  const base = baseOf(req);
  if ('reason' in base) return { ok: false, reasons: [base.reason], label: req.label ?? req.base ?? 'custom' };
  const edits = req.edits ?? {};
  const label = req.label ?? variantLabel(base.name, base.spec, edits);
  const reasons: string[] = [];
  const candidate = applyEdits(base.spec, edits, reasons);
  reasons.push(...specReasons(candidate));
  if (reasons.length) return { ok: false, reasons: [...new Set(reasons)], label };
  return { ok: true, spec: specSchemas().resnetSpec.parse(candidate), label };
}

/** The family a resolved spec belongs to (for labels). */
export const variantFamily = (spec: ResNetSpec): string => familyOf(spec);
