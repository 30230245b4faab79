// The first screen's words (src/report/words/summary.ts): plurals from the formatter, the caveat
// that changes what the fix does chosen first, a reassuring one never.
import { describe, expect, it } from 'vitest';
import { summaryCaveat, summaryReason, summaryScope } from '../../src/report/words/index.js';

describe('summary words', () => {
  it('reason: singular and plural, aligned bursts and p only when aligned', () => {
    expect(summaryReason({ errors: 1, explained: 1, bursts: 1, aligned: 0, p: 0.5, lines: 9, unreadable: 0 })).toBe(
      '1 connect error in 1 burst.',
    );
    expect(summaryReason({ errors: 16, explained: 16, bursts: 4, aligned: 4, p: 1e-4, lines: 9, unreadable: 0 })).toBe(
      '16 connect errors in 4 bursts, 4 of 4 right after an Apache restart or logrotate run; p = 1.0e-4 that this is chance.',
    );
    expect(summaryReason({ errors: 30, explained: 15, bursts: 5, aligned: 0, p: null, lines: 9, unreadable: 2 })).toBe(
      '15 of 30 connect errors in 5 bursts; 2 signature lines unreadable.',
    );
    expect(summaryReason({ errors: 0, explained: 0, bursts: 0, aligned: 0, p: null, lines: 1, unreadable: 0 })).toBe(
      'No connect errors in 1 line read.',
    );
  });

  it('scope: inferred restarts named, the bundle once when there is one', () => {
    const s = { from: 'a', to: 'b', zone: 'UTC', inputs: 1, restarts: 1, inferredRestarts: 1, bundle: null };
    expect(summaryScope(s)).toBe('a → b (UTC) · 1 input · 1 Apache restart (1 inferred)');
    expect(summaryScope({ ...s, bundle: 'sos/', inferredRestarts: 0 })).toBe(
      'a → b (UTC) · 1 input · bundle sos/ · 1 Apache restart',
    );
  });

  it('caveat: the one that changes the fix first, never a reassuring one; else what is missing', () => {
    expect(
      summaryCaveat(
        [
          { code: 'version-supports-rotation', args: { version: '4.9.4', basis: null } as never },
          { code: 'off-trade-off', args: {} },
          { code: 'prefork-off-origin-check', args: { mpm: 'prefork', basis: null } },
        ],
        [],
      ),
    ).toBe('Caveat: under prefork/worker, Off turns the 503s into origin-check 500s (see Caveats below).');
    expect(summaryCaveat([{ code: 'version-supports-rotation', args: {} as never }], [])).toBeNull();
    expect(summaryCaveat([], [{ code: 'mpm-unknown', args: {} }])).toBe(
      'Firmer with more: the MPM is unknown (see below).',
    );
  });
});
