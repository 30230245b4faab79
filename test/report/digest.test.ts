// The small figures the text and markdown reports share (src/report/digest.ts).
import { describe, expect, it } from 'vitest';
import type { Burst } from '../../src/model.js';
import { burstHistogram, findingWords, formatDuration, sparkline, wrap } from '../../src/report/digest.js';

const burst = (start: number, end: number): Burst => ({
  start,
  end,
  count: 0,
  codes: {},
  groups: [],
  pids: [],
  errnos: [],
  sockets: [],
  generations: [],
  cause: null,
});

describe('burstHistogram', () => {
  it.each([
    ['one instant', burst(0, 0), [0, 0, 0], [3]],
    ['18 ms (the real prefork burst): one 100 ms bin', burst(0, 18), [0, 5, 18], [3]],
    ['1.5 s: 100 ms bins', burst(0, 1500), [0, 50, 1500], [2, ...new Array(14).fill(0), 1]],
    ['20 s: 1 s bins', burst(0, 20_000), [0, 999, 1000, 20_000], [2, 1, ...new Array(18).fill(0), 1]],
    ['1 h: 24 even bins', burst(0, 3_600_000), [0, 3_600_000], [1, ...new Array(22).fill(0), 1]],
  ])('%s', (_n, b, times, bins) => {
    expect(burstHistogram(b, times)).toEqual(bins);
  });

  it('counts only the events inside the burst', () => {
    expect(burstHistogram(burst(1000, 1000), [0, 999, 1000, 1000, 1001])).toEqual([2]);
  });
});

describe('sparkline', () => {
  it.each([
    [[0, 0], '▁▁'],
    [[1], '█'],
    [[1, 0, 8, 4], '▁ █▄'],
    [[100, 1], '█▁'],
  ])('%j → %s', (counts, line) => expect(sparkline(counts)).toBe(line));
});

describe('formatDuration', () => {
  it.each([
    [18, '18 ms'],
    [1500, '1.5 s'],
    [59_000, '59 s'],
    [125_000, '2 min 5 s'],
    [3 * 3_600_000 + 120_000, '3 h 2 min'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('wrap', () => {
  it('hanging indent, no line over the width unless one word is', () => {
    const lines = wrap('aaa bbb ccc ddd eee /a/very/long/path/that/does/not/fit/anywhere fff', 16, '  - ', '    ');
    expect(lines).toEqual([
      '  - aaa bbb ccc',
      '    ddd eee',
      '    /a/very/long/path/that/does/not/fit/anywhere',
      '    fff',
    ]);
  });
});

describe('findingWords', () => {
  it('keeps caveats and verification steps apart, one item each, as the diagnosis coded them', () => {
    const w = findingWords(
      {
        kind: 'backlog-overload',
        confidence: 0.9,
        bursts: [],
        explains: { errors: 0, bursts: 0 },
        role: 'primary',
        evidence: [{ code: 'backlog-current-generation', args: { generation: 3 } }],
        recommendation: {
          code: 'log-level-collect',
          args: {},
          directive: 'LogLevel warn wsgi:info',
          context: 'server config',
          caveats: [{ code: 'somaxconn-cap', args: {} }],
          verify: [{ code: 'verify-backlog', args: {} }],
        },
      },
      'UTC',
    );
    expect([w.evidence.length, w.caveats.length, w.verify.length]).toEqual([1, 1, 1]);
    expect(w.evidence[0]).toContain('3');
    expect(w.snippet!.split('\n').pop()).toBe('LogLevel warn wsgi:info');
  });
});
