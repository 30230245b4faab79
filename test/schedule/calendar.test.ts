// OnCalendar expansion against the real systemd-analyze (systemd 252, Debian 12): its output
// was recorded by fixtures/schedule/systemd-analyze/record.sh; each block names the exact
// command. When systemd-analyze and faketime are installed, a sample of blocks is also re-run
// live so the recording cannot silently go stale.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { calendarElapses, parseCalendar } from '../../src/schedule/calendar.js';

interface OracleCase {
  command: string;
  zone: string;
  base: string;
  iterations: number;
  spec: string;
  ok: boolean;
  output: string;
  elapses: number[];
}

const ORACLE = new URL('../../fixtures/schedule/systemd-analyze/oracle.txt', import.meta.url);

function loadOracle(): OracleCase[] {
  const text = readFileSync(ORACLE, 'utf8');
  const cases: OracleCase[] = [];
  for (const block of text.split(/^### TZ=/m).slice(1)) {
    const lines = block.split('\n');
    const head = /^(\S+) faketime '([^']+)' systemd-analyze calendar --iterations=(\d+) '(.*)'$/.exec(lines[0]!);
    if (!head) throw new Error(`bad oracle block: ${lines[0]}`);
    const rc = /### rc=(\d+)/.exec(block);
    const body = lines.slice(1).filter((l) => !l.startsWith('###'));
    const inUtc = body.filter((l) => l.includes('(in UTC):'));
    const main = body.filter((l) => /Next elapse:|Iter\. #\d+:/.test(l));
    const stamps = (inUtc.length > 0 ? inUtc : main).map((l) => {
      const m = /(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC$/.exec(l.trim());
      if (!m) throw new Error(`cannot read oracle line ${l}`);
      return DateTime.fromFormat(m[1]!, 'yyyy-LL-dd HH:mm:ss', { zone: 'UTC' }).toMillis();
    });
    cases.push({
      command: `TZ=${lines[0]}`,
      zone: head[1]!,
      base: head[2]!,
      iterations: Number(head[3]),
      spec: head[4]!,
      // systemd-analyze 252 sometimes exits 0 after a parse failure; the message is what counts.
      ok: !body.some((l) => l.startsWith('Failed to parse')) && rc !== null,
      output: body.join('\n'),
      elapses: stamps,
    });
  }
  return cases;
}

const cases = loadOracle();

describe('OnCalendar expansion matches systemd-analyze calendar', () => {
  it('has a real recording to compare with', () => {
    expect(cases.length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.ok && c.elapses.length > 0).length).toBeGreaterThan(100);
  });

  it.each(cases.filter((c) => c.ok).map((c) => [c.command, c] as const))('%s', (_cmd, c) => {
    const now = DateTime.fromFormat(c.base, 'yyyy-LL-dd HH:mm:ss', { zone: c.zone }).toMillis();
    const spec = parseCalendar(c.spec);
    const got = calendarElapses(spec, now, now + 3000 * 86400e3, c.zone, c.iterations);
    expect(got.map((t) => new Date(t).toISOString())).toEqual(c.elapses.map((t) => new Date(t).toISOString()));
  });

  it.each(cases.filter((c) => !c.ok && c.zone === 'UTC').map((c) => [c.spec] as const))(
    'rejects %s as systemd does',
    (spec) => {
      expect(() => parseCalendar(spec, { file: '/etc/systemd/system/x.timer', line: 3 })).toThrow(InputError);
      try {
        parseCalendar(spec, { file: '/etc/systemd/system/x.timer', line: 3 });
      } catch (e) {
        expect((e as InputError).describe()).toMatch(/^\/etc\/systemd\/system\/x\.timer:3: bad systemd calendar spec/);
      }
    },
  );

  it('normalises shorthands as systemd prints them', () => {
    for (const c of cases.filter((x) => x.ok && x.zone === 'UTC')) {
      const m = /Normalized form: (.*)/.exec(c.output);
      if (!m) continue;
      expect(parseCalendar(c.spec).normalized, c.spec).toBe(m[1]);
    }
  });
});

function haveTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.runIf(haveTool('systemd-analyze') && haveTool('faketime'))(
  'the recording is still what systemd-analyze prints',
  () => {
    const sample = cases.filter((_, i) => i % 29 === 0);
    it.each(sample.map((c) => [c.command, c] as const))('%s', (_cmd, c) => {
      let out: string;
      try {
        out = execFileSync(
          'faketime',
          [c.base, 'systemd-analyze', 'calendar', `--iterations=${c.iterations}`, c.spec],
          {
            env: { ...process.env, TZ: c.zone },
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        out = `${err.stdout ?? ''}${err.stderr ?? ''}`;
      }
      // "From now" lines depend on nothing but the frozen clock, so the whole text must match.
      expect(out.trimEnd()).toBe(c.output.trimEnd());
    });
  },
);
