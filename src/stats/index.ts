/** src/stats: attention statistics over many photos and the scale experiment (docs/statistics.md). */
export * from './attention-source.js';
export * from './block-stats.js';
export * from './distribution.js';
export * from './scale-run.js';
export * from './stats-accumulator.js';
export * from '../common/stats-csv.js';
export * from './stats-run.js';
export * from './zoom.js';
