import { describe, expect, it } from 'vitest';
import { mergeJsonReports, mergeMarkdownReports } from './merge-report.js';

const previous = [
  '# splitlens benchmarks',
  '',
  'Generated on day 1.',
  '',
  '## Build',
  '',
  'build 1',
  '',
  '## Serve memory',
  '',
  'measured by a test',
  '',
  '## Stats',
  '',
  'stats 1',
  '',
].join('\n');

describe('merging a partial bench run into the recorded report', () => {
  it('replaces the sections measured now and keeps the others in place', () => {
    const fresh = '# splitlens benchmarks\n\nGenerated on day 2.\n\n## Stats\n\nstats 2\n\n## Start\n\nstart 2\n';
    expect(mergeMarkdownReports(previous, fresh)).toBe(
      [
        '# splitlens benchmarks',
        '',
        'Generated on day 2.',
        '',
        '## Build',
        '',
        'build 1',
        '',
        '## Serve memory',
        '',
        'measured by a test',
        '',
        '## Stats',
        '',
        'stats 2',
        '',
        '## Start',
        '',
        'start 2',
        '',
      ].join('\n'),
    );
  });

  it('a full run over an empty file is the run itself', () => {
    const fresh = '# t\n\n## A\n\na\n';
    expect(mergeMarkdownReports('', fresh)).toBe(fresh);
  });

  it('keeps the JSON parts not measured now', () => {
    expect(mergeJsonReports({ ui: 1, stats: 1 }, { stats: 2, start: 2 })).toEqual({ ui: 1, stats: 2, start: 2 });
    expect(mergeJsonReports('not json', { a: 1 })).toEqual({ a: 1 });
  });
});
