/**
 * State-dict key names of the ResNet family's code bases, mapped onto timm's (the zoo loads timm
 * keys). torchvision (`resnet*`, `resnext*`, `wide_resnet*`: `downsample.0/1`, `fc`) and the official
 * ResNeSt (`conv2.conv/bn0/fc1/bn1/fc2`, deep stem `conv1.0/1/3/4/6`, avg_down `downsample.1/2`) already
 * use timm's names — timm's ResNet was written to load both unchanged — so they map as they are.
 * What differs: wrappers' prefixes (`module.` from DataParallel, `model.`), and the ResNeSt ports that
 * name the split conv `radix_conv.0/1`.
 */

export type KeyLayout = 'timm' | 'torchvision' | 'official-resnest' | 'resnest-port';

export interface MappedKeys {
  layout: KeyLayout;
  /** timm key → original key. */
  toOriginal: Map<string, string>;
  /** A prefix removed from every key (`module.`), if any. */
  strippedPrefix: string;
}

const PREFIXES = ['module.', 'model.', 'backbone.', 'net.'];

/** Rename one key to timm's name (prefix already removed). */
function renameKey(key: string): string {
  // ResNeSt ports: SplitAttention's conv-BN-ReLU as a Sequential named radix_conv.
  return key.replace(/\.conv2\.radix_conv\.0\./, '.conv2.conv.').replace(/\.conv2\.radix_conv\.1\./, '.conv2.bn0.');
}

/** Which code base the keys look like (for the summary; the mapping does not depend on it). */
function layoutOf(keys: string[]): KeyLayout {
  const has = (re: RegExp) => keys.some((k) => re.test(k));
  if (has(/\.radix_conv\./)) return 'resnest-port';
  if (has(/\.conv2\.fc1\./)) return has(/^conv1\.0\./) ? 'official-resnest' : 'timm';
  if (has(/\.paths\.\d+\.|\.se\.|\.conv1\.conv\./)) return 'timm';
  // Plain ResNet/ResNeXt: timm's and torchvision's keys are identical; torchvision has no deep stem.
  return has(/^conv1\.0\./) ? 'timm' : 'torchvision';
}

export function mapKeys(keys: string[]): MappedKeys {
  const prefix = PREFIXES.find((p) => keys.length > 0 && keys.every((k) => k.startsWith(p))) ?? '';
  const stripped = keys.map((k) => k.slice(prefix.length));
  const toOriginal = new Map<string, string>();
  stripped.forEach((k, i) => toOriginal.set(renameKey(k), keys[i]!));
  return { layout: layoutOf(stripped), toOriginal, strippedPrefix: prefix };
}

export const LAYOUT_NAMES: Record<KeyLayout, string> = {
  timm: 'timm',
  torchvision: 'torchvision (same keys as timm)',
  'official-resnest': 'official ResNeSt / timm ResNeSt (same keys)',
  'resnest-port': 'ResNeSt port (radix_conv → conv/bn0)',
};
