// The words module's own tests: the only tests that pin English (issue 12).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CODES,
  codesMarkdown,
  fmt,
  hostLine,
  recurrence,
  sayEvidence,
  sayMissing,
  sayVerification,
  snippet,
  windowBasis,
} from '../../src/report/words/index.js';

const c = { zone: 'Europe/Berlin' };

describe('codes', () => {
  const all = Object.values(CODES).flatMap((table) => Object.keys(table));
  it('are stable kebab-case identifiers, unique across evidence, caveats, verification, missing and recommendations', () => {
    for (const code of all) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(all).size).toBe(all.length);
  });
  it('docs/codes.md is the generated list (run `npm run build && node scripts/gen-codes.mjs`)', () => {
    const file = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/codes.md'), 'utf8');
    expect(file).toBe(codesMarkdown());
    for (const code of all) expect(file).toContain(`| \`${code}\` |`);
  });
});

describe('formatters', () => {
  it.each([
    [0.5, '0.50'],
    [0.012, '0.012'],
    [0.0123, '0.012'],
    [0.001, '0.001'],
    [2.1e-7, '2.1e-7'],
    [0, '0'],
  ])('p-value %d → %s', (p, text) => expect(fmt.pValue(p)).toBe(text));
  it.each([
    [18, false, '18 ms'],
    [1500, false, '1.5 s'],
    [16_000, false, '16 s'],
    [125_000, true, '2 min 5 s'],
    [40 * 60_000, false, '40 min'],
    [3 * 3_600_000 + 120_000, true, '3 h 2 min'],
    [3 * 3_600_000, false, '3 h'],
    [9 * 86_400_000, false, '9 days'],
  ])('duration %d ms (precise %s) → %s', (ms, precise, text) => expect(fmt.duration(ms, precise)).toBe(text));
  it('counts with the noun, percentages with more digits when small', () => {
    expect([fmt.count(1, 'error'), fmt.count(6, 'error'), fmt.count(2, 'stretch', 'stretches')]).toEqual([
      '1 error',
      '6 errors',
      '2 stretches',
    ]);
    expect([fmt.percent(0.1667), fmt.percent(0.00075), fmt.confidence(0.934)]).toEqual(['16.7%', '0.075%', '93%']);
  });
});

describe('sentences', () => {
  it('a recurrence band', () => {
    const r = { days: 6, daysWithBurst: 5, matchesSchedule: null };
    expect(recurrence({ ...r, fromSecondOfDay: 23103, toSecondOfDay: 23200 })).toBe(
      '5 of 6 days between 06:25 and 06:27',
    );
    expect(recurrence({ ...r, fromSecondOfDay: 23100, toSecondOfDay: 23130 })).toBe('5 of 6 days at 06:25');
  });
  it('the failure window, with what does not lengthen it', () => {
    expect(
      windowBasis({
        keepAlive: { on: true, timeout: 15, origin: 'apache2.conf:101' },
        defaultSeconds: null,
        slackSeconds: 5,
        connectTimeout: { seconds: 30, origin: 'sites-enabled/app.conf:3' },
        maxKeepAliveRequests: 0,
        gracefulShutdownTimeout: 60,
      }),
    ).toBe(
      'KeepAliveTimeout 15 (apache2.conf:101) + 5 s slack (+30 s connect-timeout from sites-enabled/app.conf:3 for WSGI0116); MaxKeepAliveRequests 0 and GracefulShutdownTimeout 60 do not lengthen it (a 503 closes the connection; GracefulShutdownTimeout applies to graceful stop only)',
    );
  });
  it('evidence and missing evidence', () => {
    expect(sayEvidence({ code: 'backlog-errnos', args: { bursts: 3, errors: 90, eagain: 90, refused: 0 } }, c)).toBe(
      '3 bursts, 90 errors: 90 EAGAIN (11, listen backlog full) and 0 ECONNREFUSED (111), logged after connect-timeout (WSGI0116).',
    );
    expect(
      sayEvidence({ code: 'generation-older-than-in-force', args: { older: 1, checked: 1, pairs: [[0, 1]] } }, c),
    ).toBe(
      "In 1 of 1 bursts every failing socket is older than the generation in force after the restart (failing vs in force, counted from the parent's start: 0 vs 1).",
    );
    expect(sayMissing({ code: 'short-log', args: { spanMs: 16_000 } }, c)).toBe(
      'The logs cover only 16 s: a daily pattern needs several days of logs.',
    );
    expect(
      sayMissing(
        {
          code: 'mod-wsgi-version-unknown',
          args: {
            basis: { via: 'banner-without-mod-wsgi', origin: 'error.log:3', description: 'Apache/2.4.16 (Ubuntu)' },
          },
        },
        c,
      ),
    ).toBe(
      'mod_wsgi version unknown (the server description "Apache/2.4.16 (Ubuntu)" at error.log:3 names no mod_wsgi): WSGISocketRotation needs 4.6.0 or later.',
    );
  });
  it('the rotation-off snippet: server config, upgrade first when too old', () => {
    const s = (upgradeFirst: boolean) =>
      snippet({
        code: 'socket-rotation-off',
        args: { upgradeFirst, version: upgradeFirst ? '4.5.24' : '4.9.4', layout: 'debian' },
        directive: 'WSGISocketRotation Off',
      });
    expect(
      s(false)
        .split('\n')
        .filter((l) => !l.startsWith('#')),
    ).toEqual(['WSGISocketRotation Off']);
    expect(s(false)).toContain('NOT inside <VirtualHost>');
    expect(s(false)).toContain('/etc/apache2/mods-available/wsgi.conf');
    expect(s(true).startsWith('# UPGRADE mod_wsgi to 4.6.0+ FIRST')).toBe(true);
  });
});

describe('issue 13: unreadable lines, hosts, the log quoted as written', () => {
  const u = {
    lines: 2,
    connect: 2,
    reasons: { 'no-time': 1, cut: 1 },
    examples: [{ file: 'paste.log', line: 3, reason: 'cut', text: 'Unable to connect\x1b[31m' }],
  };
  it('unreadable lines: reasons, counts and a file:line example with control characters shown', () => {
    expect(sayEvidence({ code: 'unreadable-signature-lines', args: u }, c)).toBe(
      '2 lines carrying a mod_wsgi signature could not be read (no-time 1, cut 1), 2 of them connect failures; e.g. paste.log:3 "Unable to connect\\x1b[31m": nothing else explains them, so this is not an all-clear; fix or re-export the log (with its timestamps) and run again.',
    );
  });
  it('6.x lines quoted with their code; several groups each with its count', () => {
    const one = [{ code: 'WSGI0034', text: 'Request origin could not be validated.', group: null, count: 4 }];
    expect(
      sayEvidence({ code: 'origin-check-truncated', args: { truncated: 4, asLogged: one } }, c).startsWith(
        '4 matching WSGI0034 "Request origin could not be validated" lines',
      ),
    ).toBe(true);
    const two = [
      { code: 'WSGI0146', text: "Daemon process 'a' closed connection", group: 'a', count: 3 },
      { code: 'WSGI0146', text: "Daemon process 'b' closed connection", group: 'b', count: 1 },
    ];
    expect(sayEvidence({ code: 'origin-check-truncated', args: { truncated: 4, asLogged: two } }, c)).toContain(
      `(3 × WSGI0146 "Daemon process 'a' closed connection" in group a, 1 × WSGI0146 "Daemon process 'b' closed connection" in group b)`,
    );
    expect(sayEvidence({ code: 'origin-check-truncated', args: { truncated: 4 } }, c)).toContain(
      '"Truncated or oversized response headers"',
    );
  });
  it('a host summary and the syslog restart basis', () => {
    expect(
      hostLine({ host: 'web01', events: 12, verdict: 'rotation-restart' }, { bursts: [{ host: 'web01' }] as never }),
    ).toBe('web01: 12 connect errors in 1 burst → rotation-restart');
    expect(
      sayMissing(
        { code: 'restart-notices-not-in-syslog', args: { envelopes: ['syslog-rfc3164'], basis: 'generations' } },
        c,
      ),
    ).toContain('the restarts rest on the rising socket generations');
  });
});

describe('fix verification (issue 15)', () => {
  const verify = (mpm: 'prefork' | 'worker' | 'event' | null) =>
    sayVerification(
      {
        code: 'verify-rotation-off',
        args: { socketDir: '/run/apache2/', recurringAt: '06:25', event: mpm === 'event', mpm },
      },
      c,
    );
  it('"verify afterwards" agrees with the MPM caveat: under prefork the origin check is expected, under event not', () => {
    expect(verify('event')).toContain('and no "Request origin could not be validated" / WSGI0034.');
    expect(verify('prefork')).not.toContain('no "Request origin could not be validated"');
    expect(verify('prefork')).toContain(
      'under prefork, "Request origin could not be validated" / WSGI0034 with the child\'s "Truncated or oversized response headers" / WSGI0146 (HTTP 500) may still follow each restart: that is Off in force',
    );
    expect(verify(null)).toContain('depends on the MPM');
  });
  it('the change point, with the first u<uid> socket and the origin checks that came first', () => {
    const figures = (bursts: number, rotations: number, errorsPerDay: number, originChecks: number) => ({
      bursts,
      rotations,
      errorsPerDay,
      originChecks,
    });
    expect(
      sayEvidence(
        {
          code: 'off-in-effect-since',
          args: {
            at: Date.parse('2026-11-15T14:00:00+01:00'),
            origin: 'error.log.3.gz:27',
            via: 'origin-check',
            signal: { at: Date.parse('2026-11-16T06:25:00+01:00'), origin: 'error.log.2.gz:14' },
            firstUSocket: { at: Date.parse('2026-11-18T06:25:00+01:00'), origin: 'error.log.1:55', uid: 33 },
            before: figures(2, 2, 4.7, 0),
            after: figures(1, 3, 0.4, 11),
            switchBursts: 1,
          },
        },
        c,
      ),
    ).toBe(
      "WSGISocketRotation Off in effect since 2026-11-15 14:00:00 (the restart at error.log.3.gz:27; first u33 socket 2026-11-18 06:25:00, error.log.1:55; origin-check failures from 2026-11-16 06:25:00 (error.log.2.gz:14) already say so); 1 connect-error burst in 3 restarts since (and 11 origin-check failures: the 500s that replace the 503s under prefork/worker), 2 in 2 restarts before; errors per day 4.7 before, 0.4 after; the restart that applied it still gave 1 burst on the old generation's socket.",
    );
  });
  it('Off inside <VirtualHost>, and the rotated log Apache kept writing to', () => {
    expect(
      sayEvidence(
        {
          code: 'off-inside-virtualhost',
          args: { origin: 'httpd.conf:43', section: 'VirtualHost', opened: 'httpd.conf:41' },
        },
        c,
      ),
    ).toBe(
      'WSGISocketRotation Off sits inside <VirtualHost> (opened at httpd.conf:41) at httpd.conf:43: it is allowed only in the server config, so Apache refuses the configuration (AH00526 "cannot occur within <VirtualHost> section" on apachectl\'s stderr); the reload fails and the old configuration keeps running.',
    );
    expect(
      snippet({
        code: 'put-off-in-force',
        args: { reason: 'virtualhost', origin: 'httpd.conf:43', version: '4.9.4', layout: 'debian' },
        directive: 'WSGISocketRotation Off',
      }),
    ).toBe(
      [
        '# Move it OUT of <VirtualHost> (httpd.conf:43): Apache refuses it there (AH00526) and keeps the old configuration.',
        '# Server config, e.g. /etc/apache2/mods-available/wsgi.conf (Debian/Ubuntu; enabled by a2enmod wsgi); then apachectl configtest and a reload (or restart).',
        'WSGISocketRotation Off',
      ].join('\n'),
    );
  });
});
