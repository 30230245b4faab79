// The text report over Reports built from the real reproduction logs (samples/README.md), at
// each stage of the pipeline.
import { fmt, recurrence, sayEvidence, snippet, VERDICT_TITLE } from '../../src/report/words/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { renderText, STRIP_CELLS, STRIP_MARKS } from '../../src/report/text.js';
import { DateTime } from 'luxon';
import { ROTATION_OFF_DIR, ZONE, parseStage, withDiagnosis, withSchedule } from './sample.js';
import { ConnectErrors } from '../../src/events.js';

const ANSI = /\x1b\[[0-9;]*m/;
let parsed: Report;
let scheduled: Report;
let diagnosed: Report;

beforeAll(async () => {
  parsed = await parseStage();
  scheduled = withSchedule(parsed);
  diagnosed = withDiagnosis(scheduled);
});

/** The lines of one section: from its heading to the next blank line. */
function section(text: string, heading: RegExp): string[] {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => heading.test(l));
  if (i < 0) return [];
  const end = lines.indexOf('', i);
  return lines.slice(i + 1, end < 0 ? undefined : end);
}

describe('parse stage only', () => {
  it('the sample really is what the README says: 8 WSGI0117, 2 graceful restarts, 3 inputs', () => {
    expect(parsed.summary).toMatchObject({ WSGI0116: 0, WSGI0117: 8, restarts: 2 });
    expect(parsed.inputs).toHaveLength(3);
  });

  it('first line is the count summary; counts by code, group, errno and day; no diagnosis sections', () => {
    const t = renderText(parsed, { color: false });
    const lines = t.split('\n');
    // never a false all-clear: errors without a diagnosis are inconclusive
    expect(lines[0]!.startsWith('Verdict: inconclusive')).toBe(true);
    expect(t).toContain('  by code:   WSGI0117 8');
    expect(t).toContain('  by group:  app 8');
    expect(t).toContain('  by errno:  (2) No such file or directory 8');
    expect(section(t, /^ {2}by day:$/)).toEqual(['    2026-11-14 Sat       4', '    2026-11-15 Sun       4']);
    expect(t).not.toMatch(/Finding|Recommendation|When logrotate runs/);
  });

  it('restarts with their MPM, the version banner, and every input with lines and unparsed counts', () => {
    const t = renderText(parsed, { color: false });
    expect(t).toContain('MPM seen in the markers: prefork');
    expect(
      section(t, /^Apache restarts \(2; 4 lifecycle markers\)$/).filter((l) => / graceful restart \(prefork\)/.test(l)),
    ).toHaveLength(2);
    expect(t).toContain('Apache/2.4.71 (Debian) mod_wsgi/4.9.4 Python/3.11');
    // a row too long for the width continues on the next line, indented
    const inputs = section(t, /^Inputs$/)
      .join('\n')
      .replace(/\n {4}(?=\S)/g, '  ')
      .split('\n');
    expect(inputs).toHaveLength(3);
    for (const i of parsed.inputs)
      expect(inputs.some((l) => l.includes(i.path) && l.includes(`${i.lines} lines, ${i.unparsed} unparsed`))).toBe(
        true,
      );
    expect(inputs.some((l) => l.includes('error.log.2.gz (gz)'))).toBe(true);
  });

  it('the strip has one row per day of the window, errors marked at 06:00–06:30', () => {
    const t = renderText(parsed, { color: false });
    const strip = section(t, /^Day × time of day \(Europe\/Berlin/);
    const rows = strip.filter((l) => /^\d{4}-\d\d-\d\d /.test(l));
    expect(rows.map((r) => r.slice(0, 14))).toEqual(['2026-11-13 Fri', '2026-11-14 Sat', '2026-11-15 Sun']);
    const cells = (row: string): string => row.slice(15);
    for (const r of rows) expect([...cells(r)]).toHaveLength(STRIP_CELLS);
    // 06:25 falls in the 13th half-hour cell (index 12): errors win over the restart at the same time.
    expect([...cells(rows[1]!)][12]).toBe(STRIP_MARKS.errors);
    expect([...cells(rows[0]!)].every((c) => c === STRIP_MARKS.empty)).toBe(true);
  });
});

describe('with the schedule', () => {
  it('shows the sources with origins, the stanza and its action, and the rotations; strip marks the window', () => {
    const t = renderText(scheduled, { color: false });
    expect(t).toMatch(/schedule: 25 6 \* \* \* — daily at 06:25\s+--schedule/);
    expect(t.replace(/\n {4}(?=\S)/g, ' ')).toMatch(
      /logrotate stanza \S*logrotate\.conf:1 .*postrotate action graceful — postrotate runs apache2 -k graceful/,
    );
    expect(t).toMatch(
      /rotations \(2 in the analysed window\):\n {4}2026-11-14 06:25:00 – 06:25:01 schedule '25 6 \* \* \*', graceful, certain/,
    );
    expect(t).toMatch(/WSGISocketRotation\s+on\s+\S+httpd\.conf:28/);
    expect(t).toMatch(/KeepAliveTimeout\s+300 s\s+\S+httpd\.conf:23/);
    expect(t).toMatch(/WSGIDaemonProcess app processes=1 threads=4 display-name=%\{GROUP\}/);
    expect(t).toMatch(
      /ErrorLog {17}\/tmp\/wsgi-logdoctor-repro-daily-rotation-prefork-apcgaxzp\/logs\/error\.log\s+\S+httpd\.conf:19/,
    );
    expect(t).toMatch(/LogLevel {17}warn wsgi:info\s+\S+httpd\.conf:21/);
  });
});

describe('with the diagnosis', () => {
  it('verdict line first, then evidence, the recommendation with its snippet, caveats, then the picture', () => {
    const t = renderText(diagnosed, { color: false });
    const lines = t.split('\n');
    // the verdict once, wrapped to the width
    expect(lines.slice(0, 2).join(' ').replace(/\s+/g, ' ')).toContain(
      `Verdict: rotation-restart (confidence 93%) — ${VERDICT_TITLE['rotation-restart']}.`,
    );
    expect(t.replace(/\n\s+/g, ' ').split(VERDICT_TITLE['rotation-restart']).length - 1).toBe(1);
    const order = [
      'Evidence:',
      'Recommendation: WSGISocketRotation Off (server config)',
      '    WSGISocketRotation Off',
      'Caveats:',
      'Day × time of day',
      'Bursts (2)',
      'Connect errors',
    ];
    // each found after the one before it (the fix's code line is in the summary too)
    let at = 0;
    for (const s of order) {
      at = t.indexOf(s, at);
      expect(at, s).toBeGreaterThan(0);
    }
    for (const l of snippet(diagnosed.findings[0]!.recommendation!).split('\n'))
      if (!l.startsWith('#')) expect(lines).toContain('    ' + l);
    const zone = diagnosed.timezone;
    for (const e of diagnosed.findings[0]!.evidence)
      expect(t.replace(/\n {6}(?=\S)/g, ' ')).toContain(`  - ${sayEvidence(e, { zone })}`);
    expect(t).toContain(`p = ${fmt.pValue(2.1e-7)}.`);
    expect(t).toContain(`Recurrence: ${recurrence(diagnosed.recurrence!)} — matches the rotation schedule`);
  });

  it('one sparkline row per burst with its count, codes and the restart it follows', () => {
    const t = renderText(diagnosed, { color: false });
    const rows = section(t, /^Bursts \(2\)$/);
    const heads = rows.filter((l) => /^ {2}#\d/.test(l));
    expect(heads).toHaveLength(2);
    expect(heads[0]).toMatch(/^ {2}#1 {3}2026-11-14 06:25:00 [▁▂▃▄▅▆▇█ ]+\s+4 in \d+ ms\s+WSGI0117×4$/);
    expect(rows.filter((l) => /after graceful-restart at 06:25:00 \(\+0\.\d s\)/.test(l))).toHaveLength(2);
    expect(rows.join('\n')).toContain('socket generation 0');
  });

  it('no-errors: a green verdict and nothing to recommend', () => {
    const clean: Report = {
      ...parsed,
      events: ConnectErrors.empty,
      summary: { ...parsed.summary, WSGI0117: 0 },
      verdict: 'no-errors',
      findings: [],
      bursts: [],
    };
    const t = renderText(clean, { color: false });
    expect(t.split('\n')[0]).toBe(
      'Verdict: no-errors — No mod_wsgi daemon connect errors (WSGI0116/WSGI0117) in the analysed window.',
    );
    expect(t).not.toContain('Recommendation');
    expect(renderText(clean, { color: true }).split('\n')[0]).toContain('\x1b[1;32m');
  });
});

describe('colour', () => {
  it.each(['parsed', 'scheduled', 'diagnosed'] as const)(
    '%s: no ANSI escapes when color=false, some when true',
    (stage) => {
      const r = { parsed, scheduled, diagnosed }[stage];
      expect(renderText(r, { color: false })).not.toMatch(ANSI);
      const coloured = renderText(r, { color: true });
      expect(coloured).toMatch(ANSI);
      // Colour changes nothing but the escapes.
      expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(renderText(r, { color: false }));
    },
  );
});

describe('other shapes of data', () => {
  it('rotation Off (real run): u<uid> sockets, the origin-check pair counted and drawn', async () => {
    const off = await parseStage(ROTATION_OFF_DIR);
    expect(off.summary).toMatchObject({ WSGI0117: 7, restarts: 2 });
    const t = renderText(off, { color: false });
    expect(t).toMatch(/related mod_wsgi messages: .*origin-check-failed 1/);
    expect(t).toMatch(/related mod_wsgi messages: .*truncated-headers 1/);
    // With the connect errors taken away, the 500s of the origin check are still on the picture.
    const only500s = renderText(
      { ...off, events: ConnectErrors.empty, summary: { ...off.summary, WSGI0117: 0 } },
      { color: false },
    );
    const rows = section(only500s, /^Day × time of day/).filter((l) => /^\d{4}-/.test(l));
    expect(rows.filter((r) => r.includes(STRIP_MARKS.rejected))).toHaveLength(1);
    expect(only500s).toContain(`${STRIP_MARKS.rejected} origin check / truncated headers (HTTP 500)`);
  });

  it('a DST week (Europe/Berlin, 2026-10-25 has 25 h): rows are calendar days and 06:25 stays in the 06:00 cell', () => {
    // The real events moved, keeping their local wall-clock time, to the days around the change.
    const days = ['2026-10-24', '2026-10-25', '2026-10-26'];
    const events = parsed.events.map((e, i) => {
      const wall = DateTime.fromMillis(e.time, { zone: ZONE });
      const day = DateTime.fromISO(days[i % 3]!, { zone: ZONE });
      return { ...e, time: day.set({ hour: wall.hour, minute: wall.minute, second: wall.second }).toMillis() };
    });
    const start = DateTime.fromISO('2026-10-24T00:00', { zone: ZONE }).toMillis();
    const end = DateTime.fromISO('2026-10-26T23:59', { zone: ZONE }).toMillis();
    const t = renderText(
      { ...parsed, events: ConnectErrors.from(events), restarts: [], window: { start, end } },
      { color: false },
    );
    const rows = section(t, /^Day × time of day/).filter((l) => /^\d{4}-/.test(l));
    expect(rows.map((r) => r.slice(0, 10))).toEqual(days);
    for (const r of rows) {
      const cells = [...r.slice(15)];
      expect(cells).toHaveLength(STRIP_CELLS);
      expect(cells.indexOf(STRIP_MARKS.errors)).toBe(12);
      expect(cells.lastIndexOf(STRIP_MARKS.errors)).toBe(12);
    }
  });

  it('a window longer than three months draws only the days with something on them', () => {
    const start = DateTime.fromISO('2026-05-01T00:00', { zone: ZONE }).toMillis();
    const end = DateTime.fromISO('2026-11-15T23:59', { zone: ZONE }).toMillis();
    const t = renderText({ ...parsed, window: { start, end } }, { color: false });
    const rows = section(t, /^Day × time of day/).filter((l) => /^\d{4}-/.test(l));
    expect(rows.map((r) => r.slice(0, 10))).toEqual(['2026-11-14', '2026-11-15']); // the two days with errors and restarts
    expect(t).toContain('(197 of 199 days with nothing to mark are not drawn)');
  });

  it('an empty report (no input had a timestamp) renders without a picture and without failing', () => {
    const empty: Report = {
      ...parsed,
      events: ConnectErrors.empty,
      restarts: [],
      banners: [],
      related: [],
      inputs: [],
      window: { start: null, end: null },
      summary: { WSGI0116: 0, WSGI0117: 0, restarts: 0, bursts: 0, related: {} },
      verdict: 'no-errors',
      warnings: ['no line in the input looks like an Apache error log record'],
    };
    const t = renderText(empty, { color: false });
    expect(t.split('\n')[0]!.startsWith('Verdict: no-errors')).toBe(true);
    expect(t).not.toContain('Day × time of day');
    expect(t).toContain('  ! no line in the input looks like an Apache error log record');
  });
});
