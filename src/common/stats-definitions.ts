/**
 * The definitions of the statistics, worded once for the Statistics view (docs/statistics.md says
 * the same at length). Careful wording: what each number measures and what it does not.
 */
export const STATS_DEFINITIONS: { term: string; text: string }[] = [
  {
    term: 'Split / path weight',
    text: 'For ResNeSt the radix softmax gives each of R splits a weight per channel (summing to 1 over splits); for SK the softmax over the kernel paths does the same. A block’s split weight is that weight averaged over the channels of a cardinal group, then over photos; ± is the spread (standard deviation) of the per-photo average across photos.',
  },
  {
    term: 'Entropy',
    text: 'Entropy of one softmax over the R splits, −Σ a·log a, divided by log R: 0 means one split takes all the weight (decisive), 1 means all splits weigh the same (uniform). Computed per photo, cardinal group and channel; the plots show its mean and distribution.',
  },
  {
    term: 'Win rate',
    text: 'How often a split has the largest weight of its softmax, over photos × channels of a cardinal group. With R splits, 1/R each is what a coin would give.',
  },
  {
    term: 'Between / within variance',
    text: 'Between: the variance of each attention entry across photos, averaged over entries. Within: the variance across one photo’s entries, averaged over photos. Their ratio near 0 means the block applies about the same pattern whatever the photo (little input dependence).',
  },
  {
    term: 'Gate values',
    text: 'SE, ECA and ResNeSt with R = 1 gate each channel by a sigmoid in (0, 1); the histograms show all gate values over photos × channels.',
  },
  {
    term: 'Scale experiment',
    text: 'Each photo is centre-zoomed (its central 1/z kept, then resized by the usual transform) and, per block, the weight of the last split (SK: the large kernel) minus that of the first (SK: the small kernel) is averaged over channels and photos; ± is its spread over photos. SKNet found the large kernel gains weight as objects grow, in early and middle stages.',
  },
  {
    term: 'Untrained weights',
    text: 'With random (untrained) weights, every statistic describes noise, not the architecture: such figures are labelled meaningless. Pull pretrained weights first.',
  },
];
