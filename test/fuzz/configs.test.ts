// Property-based fuzzing (fast-check) of every config and schedule parser, seeded with
// mutations of the real fixtures: whatever the text, a parser returns within the budget or
// throws the project's InputError naming the file — never another exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { fnmatch } from '../../src/fnmatch.js';
import { readApacheConfig } from '../../src/apacheconf/index.js';
import { memoryFs } from '../../src/fs/index.js';
import {
  findStanza,
  globMatch,
  parseLogrotateDebug,
  parseLogrotateText,
  parseStateFile,
} from '../../src/logrotate/index.js';
import {
  calendarElapses,
  cronRuns,
  parseAnacrontab,
  parseCalendar,
  parseCron,
  parseCrontab,
  parseListTimers,
  parseScheduleOption,
  parseSchedulerLog,
  parseTimerUnit,
  triggerStarts,
} from '../../src/schedule/index.js';
import { fixtureTexts, fuzzParams, mutated, mutatedLine, onlyInputError, TEST_TIMEOUT_MS } from './helpers.js';

const DAY = 86400e3;
const T0 = Date.UTC(2026, 10, 14);

/** Bad input names its file (and line where there is one): the CLI's one clear line. */
function expectNamesFile(r: unknown, file: string): void {
  if (r instanceof InputError) expect(r.file).toBe(file);
}

describe('logrotate config', () => {
  const seeds = fixtureTexts('logrotate', (f) => !f.endsWith('README.md'));
  it(
    'parses or throws InputError naming the file; stanza lookup stays bounded',
    () => {
      fc.assert(
        fc.property(mutated(seeds), (text) => {
          const file = '/etc/logrotate.d/httpd';
          const r = onlyInputError(() => parseLogrotateText(text, file, memoryFs({ [file]: text })));
          expectNamesFile(r, file);
          if (!(r instanceof InputError)) onlyInputError(() => findStanza(r, `/var/log/httpd/${'a'.repeat(200)}_log`));
        }),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
  it(
    'state files and `logrotate -d` captures',
    () => {
      const states = fixtureTexts('bundles', (f) => /logrotate(\.status|\/status)$/.test(f));
      fc.assert(
        fc.property(mutated(states), (text) => {
          onlyInputError(() => parseStateFile(text, 'status'));
          onlyInputError(() => parseLogrotateDebug(text, 'debug'));
        }),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('glob matching (fnmatch, FNM_PERIOD)', () => {
  // A small alphabet so that matches happen; the reference is the textbook recursive matcher
  // (exponential in general, fine at these sizes).
  const patternChar = fc.constantFrom('a', 'b', '.', '*', '?', '[ab]', '[!a]', '\\*');
  const nameChar = fc.constantFrom('a', 'b', '.', '*');
  const reference = (p: string[], s: string): boolean => {
    if (p.length === 0) return s === '';
    const [t, ...rest] = p as [string, ...string[]];
    if (t === '*') return reference(rest, s) || (s !== '' && reference(p, s.slice(1)));
    if (s === '') return false;
    const c = s[0]!;
    const ok =
      t === '?' ||
      (t === '[ab]' && (c === 'a' || c === 'b')) ||
      (t === '[!a]' && c !== 'a') ||
      (t === '\\*' && c === '*') ||
      t === c;
    return ok && reference(rest, s.slice(1));
  };
  it(
    'agrees with a reference matcher',
    () => {
      fc.assert(
        fc.property(fc.array(patternChar, { maxLength: 8 }), fc.array(nameChar, { maxLength: 10 }), (p, n) => {
          const name = n.join('');
          const period = name.startsWith('.') && p[0] !== '.';
          expect(fnmatch(p.join(''), name)).toBe(!period && reference(p, name));
        }),
        fuzzParams(200),
      );
    },
    TEST_TIMEOUT_MS,
  );
  it(
    'stays bounded on any pattern and path',
    () => {
      fc.assert(
        fc.property(
          fc.string({ unit: fc.constantFrom('*', 'a', '?', '[', ']', '!', '-', '/', '\\', ':'), maxLength: 400 }),
          fc.string({ unit: fc.constantFrom('a', 'b', '/', '.'), maxLength: 400 }),
          (p, s) => {
            onlyInputError(() => globMatch(p, s));
          },
        ),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('crontab and anacrontab', () => {
  const seeds = fixtureTexts('schedule', (f) => /crontab|cron\.d\/|crontabs\//.test(f));
  it(
    'strict parse throws only InputError naming the file; lenient parse never throws',
    () => {
      fc.assert(
        fc.property(mutated(seeds), (text) => {
          const file = '/etc/crontab';
          expectNamesFile(
            onlyInputError(() => parseCrontab(text, file)),
            file,
          );
          expectNamesFile(
            onlyInputError(() => parseAnacrontab(text, '/etc/anacrontab')),
            '/etc/anacrontab',
          );
          const skipped: InputError[] = [];
          const tab = onlyInputError(() => parseAnacrontab(text, '/etc/anacrontab', (e) => skipped.push(e)));
          expect(tab).not.toBeInstanceOf(InputError);
          expect(skipped.every((e) => e.file === '/etc/anacrontab' && e.line !== undefined)).toBe(true);
        }),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('cron and calendar specs', () => {
  const cronSeeds = [
    '25 6 * * *',
    '*/5 * * * *',
    '0 0 1 1 *',
    '@daily',
    '1 * * * *',
    '30 3 * * 1-5',
    '0 */4 1,15 * sun',
  ];
  const calSeeds = ['daily', 'Mon..Fri 03:00', '*-*-* 06:25:00', 'weekly', '*-*-01 00:00:00 Europe/Berlin', 'hourly'];
  it(
    'cron: parse, and expand over two days within the cap',
    () => {
      fc.assert(
        fc.property(mutatedLine(cronSeeds, 3), (text) => {
          const spec = onlyInputError(() => parseCron(text));
          if (spec instanceof InputError) return;
          const runs = onlyInputError(() => cronRuns(spec, T0, T0 + 2 * DAY, 'Europe/Berlin', 'vixie', false, 5000));
          expect(Array.isArray(runs) && runs.length <= 5001).toBe(true);
        }),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
  it(
    'calendar: parse, and expand over two days within the cap',
    () => {
      fc.assert(
        fc.property(mutatedLine(calSeeds, 3), (text) => {
          const spec = onlyInputError(() => parseCalendar(text));
          if (spec instanceof InputError) return;
          const runs = onlyInputError(() => calendarElapses(spec, T0, T0 + 2 * DAY, 'UTC', 5000));
          expect(Array.isArray(runs) && runs.length <= 5000).toBe(true);
        }),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
  it(
    '--schedule values (cron, macro, systemd:) give a source or InputError naming --schedule',
    () => {
      const seeds = [...cronSeeds, ...calSeeds.map((c) => `systemd:${c}`), 'systemd:constructor', '@__proto__'];
      fc.assert(
        fc.property(mutatedLine(seeds, 3), (text) => {
          const src = onlyInputError(() => parseScheduleOption(text));
          if (src instanceof InputError) {
            expect(src.file).toBe('--schedule');
            return;
          }
          if (src.trigger.kind === 'anacron') return;
          const trigger = src.trigger;
          const starts = onlyInputError(() => triggerStarts(trigger, T0, T0 + 30 * DAY, 'UTC'));
          expect(Array.isArray(starts) && starts.length <= 10_001).toBe(true);
        }),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('systemd timers', () => {
  const seeds = fixtureTexts('schedule', (f) => /\.timer$|\.timer\.d\//.test(f));
  it(
    'parse or InputError naming the unit; delays stay within date range',
    () => {
      fc.assert(
        fc.property(mutated(seeds), (text) => {
          const file = '/usr/lib/systemd/system/logrotate.timer';
          const t = onlyInputError(() => parseTimerUnit({ path: file, text }));
          if (t instanceof InputError) {
            expect(t.file).toBe(file);
            return;
          }
          expect(t.accuracyMs + t.randomizedDelayMs).toBeLessThanOrEqual(2 * 366 * DAY);
        }),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('scheduler logs (journal, cron log, systemctl list-timers)', () => {
  const seeds = fixtureTexts('schedule/logs');
  it(
    'parse or InputError, within the budget',
    () => {
      fc.assert(
        fc.property(mutated(seeds), (text) => {
          onlyInputError(() => parseSchedulerLog(text, '/var/log/cron', 'Europe/Berlin', T0));
          onlyInputError(() => parseListTimers(text, 'list-timers', 'Europe/Berlin'));
        }),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('Apache configuration', () => {
  const seeds = fixtureTexts('apache', (f) => /\.conf$|\.load$/.test(f));
  it(
    'read or InputError; an include of itself is a loop, not a hang',
    () => {
      fc.assert(
        fc.property(mutated(seeds), mutated(seeds, 2), (main, other) => {
          const fs = memoryFs({
            '/etc/httpd/conf/httpd.conf': `${main}\nInclude conf.d/*.conf\n`,
            '/etc/httpd/conf.d/a.conf': other,
            '/etc/httpd/conf.d/b.conf': `${other}\nIncludeOptional /etc/httpd/conf.d/*.conf\n`,
          });
          onlyInputError(() => readApacheConfig('/etc/httpd/conf/httpd.conf', { fs, defines: [] }));
        }),
        fuzzParams(),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
