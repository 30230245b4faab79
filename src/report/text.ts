// The default report: what a terminal user reads. Verdict first, then the evidence, the
// recommendation with its snippet and caveats, then a picture (a day × time-of-day strip and a
// sparkline per burst), then the parse-level details (counts, restarts, versions, inputs), the
// schedule and the Apache config facts. Every section appears only when its stage has run, so
// the renderer works at every stage of the pipeline. ANSI colour only when asked for.
import type { Finding, Report } from '../model.js';
import { LocalFields, formatLocal, localDay, localDaysBetween } from '../time/index.js';
import type { RenderOptions } from './formats.js';
import {
  VERDICT_MEANING,
  affectedMinutes,
  burstHistogram,
  byCode,
  byDay,
  byErrno,
  byGroup,
  distinctBanners,
  formatDuration,
  lowerBound,
  mpmSeen,
  plural,
  MARKER_WORDS,
  findingWords,
  missingWords,
  sortedTimes,
  wrap,
  sparkline,
} from './digest.js';
import { fmt, recurrence, sayRisk } from './words/index.js';

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'magenta';
const SGR: Record<Style, string> = {
  bold: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
  cyan: '36',
  magenta: '35',
};

/** Strip geometry: 48 cells of 30 minutes per day keeps a row inside 80 columns. */
export const STRIP_CELLS = 48;
const CELL_SECONDS = 86400 / STRIP_CELLS;
/** Beyond this many days only the days with something marked are drawn. */
const STRIP_MAX_DAYS = 93;
const LIST_LIMIT = 20;
/** Prose is wrapped to this width (snippets, tables and paths are not). */
const WIDTH = 100;

export const STRIP_MARKS = { empty: '·', errors: '█', rejected: '▒', restart: '|', rotation: '░' } as const;
/** Related messages that are the same failure in another form (origin check after rotation Off). */
const REJECTED_KINDS = new Set(['origin-check-failed', 'truncated-headers']);

/** What every section writes with: the report, its zone, the output lines and the styles. */
interface TextCtx {
  report: Report;
  zone: string;
  at: (t: number | null, fmt?: string) => string;
  paint: (s: string, ...styles: Style[]) => string;
  out: string[];
  heading: (title: string) => void;
  total: number;
}

export function renderText(report: Report, options: RenderOptions): string {
  const paint = (s: string, ...styles: Style[]): string =>
    options.color && styles.length ? `\x1b[${styles.map((st) => SGR[st]).join(';')}m${s}\x1b[0m` : s;
  const zone = report.timezone;
  const out: string[] = [];
  const t: TextCtx = {
    report,
    zone,
    at: (x, fmt) => (x === null ? '?' : formatLocal(x, zone, fmt)),
    paint,
    out,
    heading: (title) => {
      out.push('', paint(title, 'bold'));
    },
    total: report.summary.WSGI0116 + report.summary.WSGI0117,
  };
  for (const section of SECTIONS) section(t);
  return out.join('\n') + '\n';
}

/** The report from the answer down to the details, in reading order. */
const SECTIONS: ((t: TextCtx) => void)[] = [
  answer,
  findingsSection,
  risksSection,
  picture,
  connectErrors,
  restartsSection,
  bannersAndInputs,
  scheduleSection,
  apacheConfigSection,
  warningsSection,
];

/** The verdict line and the one-line summary under it. */
function answer(t: TextCtx): void {
  const { report, zone, at, paint, out, total } = t;
  const bad = report.verdict !== 'no-errors';
  const top = report.findings.find((f) => f.kind === report.verdict);
  const conf = top && bad ? ` (confidence ${fmt.confidence(top.confidence)})` : '';
  out.push(
    paint(`Verdict: ${report.verdict}${conf}`, 'bold', bad ? 'red' : 'green') +
      ` — ${VERDICT_MEANING[report.verdict]}.`,
  );
  out.push(
    paint(
      `${report.tool.name} ${report.tool.version} · ${at(report.window.start)} → ${at(report.window.end)} (${zone}) · ${plural(report.inputs.length, 'input')} · ${plural(total, 'error')}, ${plural(report.summary.restarts, 'restart')}` +
        `, ${plural(report.bursts.length, 'burst')}`,
      'dim',
    ),
  );
}

/** Each finding (evidence, recommendation, snippet, caveats), the statistics, what is missing. */
function findingsSection(t: TextCtx): void {
  const { report, out, heading } = t;
  // 2. Findings: evidence, recommendation, snippet, caveats.
  const findings = report.findings ?? [];
  findings.forEach((f, i) => renderFinding(t, f, i, findings.length));
  // the detail (bursts in windows, coverage) is already in the finding's "Not chance" evidence
  if (report.statistics)
    out.push(
      '',
      ...wrap(
        `Statistics: circular-shift permutation (${report.statistics.shifts} shifts, seed ${report.statistics.seed}) and binomial tail; the larger p-value is reported: p = ${fmt.pValue(report.statistics.p)}.`,
        WIDTH,
        '',
        '  ',
      ),
    );
  if (report.recurrence) {
    const r = report.recurrence;
    const sched =
      r.matchesSchedule === null
        ? ''
        : r.matchesSchedule
          ? ' — matches the rotation schedule'
          : ' — does NOT match the rotation schedule';
    out.push(...wrap(`Recurrence: ${recurrence(r)}${sched}`, WIDTH, '', '  '));
  }
  if (report.missingEvidence.length > 0) {
    heading('What would make this firmer');
    for (const m of missingWords(report)) out.push(...wrap(m, WIDTH, '  - ', '    '));
  }
}

/** What the configuration predicts even without errors (risks[]), with the lines it rests on. */
function risksSection(t: TextCtx): void {
  const { report, out, heading, paint } = t;
  if (report.risks.length === 0) return;
  heading('Risk at the next logrotate reload');
  for (const r of report.risks) {
    out.push(...wrap(`${paint(r.code, 'yellow')}: ${sayRisk(r)}`, WIDTH, '  ', '  '));
    out.push(...wrap(`from ${r.origins.join(', ')}`, WIDTH, '    ', '    '));
  }
}

/** The day × time-of-day strip and a sparkline per burst. */
function picture(t: TextCtx): void {
  // 3. The picture.
  renderStrip(t);
  renderBursts(t);
}

/** What the log holds: connect errors by code, group, errno and day. */
function connectErrors(t: TextCtx): void {
  const { report, zone, out, heading, total } = t;
  // 4. What the log holds (the parse stage).
  heading('Connect errors');
  if (total === 0) out.push('  none');
  else {
    out.push(
      `  by code:   ${byCode(report.events)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    out.push(
      `  by group:  ${byGroup(report.events)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    out.push(
      `  by errno:  ${byErrno(report.events)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    out.push(`  affected minutes: ${affectedMinutes(report.events, zone)}`);
    out.push('  by day:');
    for (const [day, n] of byDay(report.events, zone))
      out.push(`    ${day} ${formatLocal(Date.parse(day + 'T12:00:00Z'), 'UTC', 'ccc')}  ${String(n).padStart(6)}`);
  }
  const related = Object.entries(report.summary.related).filter(([, n]) => (n ?? 0) > 0);
  if (related.length > 0) out.push(`  related mod_wsgi messages: ${related.map(([k, n]) => `${k} ${n}`).join(', ')}`);
}

/** Apache restarts, inferred ones marked. */
function restartsSection(t: TextCtx): void {
  const { report, at, paint, out, heading } = t;
  heading(`Apache restarts (${report.summary.restarts}; ${plural(report.restarts.length, 'lifecycle marker')})`);
  const mpm = mpmSeen(report);
  if (mpm) out.push(`  MPM seen in the markers: ${mpm}`);
  for (const r of report.restarts.slice(0, LIST_LIMIT)) {
    const word = r.inferred
      ? 'restart (inferred: its notice is not in the logs read)'
      : (MARKER_WORDS[r.marker] ?? r.marker);
    out.push(
      `  ${at(r.time)}  ${(word + (r.mpm ? ` (${r.mpm})` : '')).padEnd(32)} ${paint(`${r.file}:${r.line}`, 'dim')}`,
    );
  }
  if (report.restarts.length > LIST_LIMIT) out.push(`  … ${report.restarts.length - LIST_LIMIT} more`);
  if (report.restarts.length === 0)
    out.push('  none in the log (restart markers are notice-level; a rotated-away file may hold them)');
}

/** Server versions and every input read. */
function bannersAndInputs(t: TextCtx): void {
  const { report, at, paint, out, heading } = t;
  const banners = distinctBanners(report);
  if (banners.length > 0) {
    heading('Server versions (from "configured -- resuming normal operations")');
    for (const b of banners)
      out.push(`  ${b.description}  ${paint(`first ${at(b.first)}, ${plural(b.count, 'time')}`, 'dim')}`);
  }

  heading('Inputs');
  for (const i of report.inputs) {
    const span = i.first === null ? 'no timestamps' : `${at(i.first)} → ${at(i.last)}`;
    out.push(
      `  ${i.path}${i.compressed ? ' (gz)' : ''}  ${plural(i.lines, 'line')}, ${i.unparsed} unparsed, ${span}${i.origin !== 'given' ? paint(` [${i.origin}]`, 'dim') : ''}`,
    );
    if (i.error) out.push(paint(`    ! ${i.error}`, 'yellow'));
  }
}

/** When logrotate runs (the schedule stage), and the rotation windows. */
function scheduleSection(t: TextCtx): void {
  const { report, zone, at, paint, out, heading } = t;
  // 5. The schedule (when the schedule stage ran).
  if (report.schedule) {
    heading('When logrotate runs');
    for (const s of report.schedule.sources)
      out.push(
        `  ${s.source}: ${s.spec} — ${s.description}${s.assumption ? ' (assumed)' : ''} ${paint(s.origin, 'dim')}`,
      );
    const lr = report.schedule.logrotate;
    if (lr) {
      out.push(
        ...wrap(
          `logrotate stanza ${lr.origin} (${lr.patterns.join(' ')}): ${lr.frequency ?? 'no frequency'}, postrotate action ${lr.action} — ${lr.actionDetail}`,
          WIDTH,
          '  ',
          '    ',
        ),
      );
      for (const c of lr.consequences) out.push(...wrap(c, WIDTH, '    - ', '      '));
    }
    for (const a of report.schedule.assumptions) out.push(`  assumption: ${a}`);
  }
  if (report.rotations && report.rotations.length > 0) {
    out.push(`  rotations (${report.rotations.length}):`);
    for (const r of report.rotations.slice(0, LIST_LIMIT)) {
      const end = localDay(r.end, zone) === localDay(r.start, zone) ? at(r.end, 'HH:mm:ss') : at(r.end);
      out.push(
        `    ${at(r.start)} – ${end}  ${r.source} '${r.spec}', ${r.action}, ${r.likelihood}${r.reason ? ` (${r.reason})` : ''} ${paint(r.origin, 'dim')}`,
      );
    }
    if (report.rotations.length > LIST_LIMIT) out.push(`    … ${report.rotations.length - LIST_LIMIT} more`);
  }
}

/** The Apache configuration facts. */
function apacheConfigSection(t: TextCtx): void {
  const { report, paint, out, heading } = t;
  // 6. Apache configuration facts.
  const ac = report.apacheConfig;
  if (ac) {
    heading('Apache configuration');
    const row = (label: string, v: { value: unknown; origin: string } | null, unset: string): void => {
      out.push(`  ${label.padEnd(24)} ${v ? `${String(v.value)}  ${paint(v.origin, 'dim')}` : unset}`);
    };
    row('WSGISocketRotation', ac.socketRotation, 'not set (mod_wsgi default: On)');
    row('WSGISocketPrefix', ac.socketPrefix, 'not set (built-in default of the mod_wsgi build)');
    row('MPM (LoadModule)', ac.mpm, 'no MPM LoadModule seen');
    row(
      'KeepAlive',
      ac.keepAlive ? { value: ac.keepAlive.value ? 'On' : 'Off', origin: ac.keepAlive.origin } : null,
      'not set',
    );
    row(
      'KeepAliveTimeout',
      ac.keepAliveTimeout ? { value: `${ac.keepAliveTimeout.value} s`, origin: ac.keepAliveTimeout.origin } : null,
      'not set',
    );
    row('MaxKeepAliveRequests', ac.maxKeepAliveRequests, 'not set');
    row('GracefulShutdownTimeout', ac.gracefulShutdownTimeout, 'not set');
    if (ac.logLevel) row('LogLevel', ac.logLevel, '');
    if (ac.errorLogFormat) row('ErrorLogFormat', ac.errorLogFormat, '');
    for (const l of ac.errorLogs ?? []) {
      const what =
        l.kind === 'pipe'
          ? `${l.value} (piped: rotation needs no reload)`
          : l.kind === 'syslog'
            ? `${l.value} (syslog)`
            : (l.path ?? l.value);
      out.push(`  ${'ErrorLog'.padEnd(24)} ${what}${l.vhost ? ` for ${l.vhost}` : ''}  ${paint(l.origin, 'dim')}`);
    }
    for (const d of ac.daemons) {
      const opts = Object.entries(d.options)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      out.push(`  WSGIDaemonProcess ${d.name} ${opts}  ${paint(d.origin, 'dim')}`);
    }
    for (const p of ac.problems) out.push(paint(`  ! ${p}`, 'red'));
    for (const w of ac.warnings ?? []) out.push(paint(`  note: ${w}`, 'dim'));
    out.push(paint(`  (${plural(ac.files.length, 'file')} read)`, 'dim'));
  }
}

/** Warnings. */
function warningsSection(t: TextCtx): void {
  const { report, paint, out, heading } = t;
  if (report.warnings.length > 0) {
    heading('Warnings');
    for (const w of report.warnings) out.push(...wrap(w, WIDTH, '  ! ', '    ').map((l) => paint(l, 'yellow')));
  }
}

function renderFinding(t: TextCtx, f: Finding, i: number, n: number): void {
  const { zone, paint, out, heading } = t;
  const bursts =
    f.bursts.length > 0 ? `, ${plural(f.bursts.length, 'burst')}: ${f.bursts.map((b) => `#${b + 1}`).join(' ')}` : '';
  heading(
    `${n > 1 ? `Finding ${i + 1} of ${n}: ` : 'Finding: '}${f.kind} (${f.role}, confidence ${fmt.confidence(f.confidence)}, explains ${fmt.count(f.explains.errors, 'error')}${bursts})`,
  );
  out.push(`  ${VERDICT_MEANING[f.kind]}.`);
  const bullets = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    out.push(`  ${title}:`);
    for (const item of items) out.push(...wrap(item, WIDTH, '    - ', '      '));
  };
  const words = findingWords(f, zone);
  bullets('Evidence', words.evidence);
  const rec = f.recommendation;
  if (rec) {
    out.push(`  Recommendation: ${paint(rec.directive, 'bold')} (${rec.context})`);
    for (const l of (words.snippet ?? '').split('\n'))
      out.push('    ' + paint(l, l.trimStart().startsWith('#') ? 'dim' : 'cyan'));
    const { caveats, verify } = words;
    bullets('Caveats', caveats);
    bullets('Verify afterwards', verify);
  }
}

function renderStrip(t: TextCtx): void {
  const { report, zone, paint, out, heading } = t;
  const { start, end } = report.window;
  if (start === null || end === null) return;
  const days = localDaysBetween(start, end, zone);
  const rows = new Map<string, string[]>(days.map((d) => [d, new Array<string>(STRIP_CELLS).fill(STRIP_MARKS.empty)]));
  const local = new LocalFields(zone);
  const cell = (t: number): [string[] | undefined, number] => [
    rows.get(local.day(t)),
    Math.min(STRIP_CELLS - 1, Math.floor(local.secondsOfDay(t) / CELL_SECONDS)),
  ];
  const mark = (t: number, ch: string): void => {
    const [row, c] = cell(t);
    if (row) row[c] = ch;
  };
  // Lowest priority first: rotation windows, then restarts, then errors on top.
  for (const r of report.rotations ?? []) {
    const s = Math.max(r.start, start);
    const e = Math.min(r.end, end);
    if (e < s) continue;
    for (let t = s; t <= e; t += CELL_SECONDS * 1000) mark(t, STRIP_MARKS.rotation);
    mark(e, STRIP_MARKS.rotation);
  }
  for (const r of report.restarts) if (r.kind === 'graceful' || r.kind === 'restart') mark(r.time, STRIP_MARKS.restart);
  for (const r of report.related) if (REJECTED_KINDS.has(r.kind)) mark(r.time, STRIP_MARKS.rejected);
  for (const e of report.events) mark(e.time, STRIP_MARKS.errors);
  let shown = days;
  if (days.length > STRIP_MAX_DAYS) shown = days.filter((d) => rows.get(d)!.some((c) => c !== STRIP_MARKS.empty));
  heading(`Day × time of day (${zone}; one cell = ${CELL_SECONDS / 60} min)`);
  const axis = Array.from({ length: STRIP_CELLS / 6 }, (_v, i) =>
    String(i * 3)
      .padStart(2, '0')
      .padEnd(6),
  ).join('');
  out.push(' '.repeat(16) + axis);
  const colour: Record<string, Style> = {
    [STRIP_MARKS.errors]: 'red',
    [STRIP_MARKS.rejected]: 'magenta',
    [STRIP_MARKS.restart]: 'cyan',
    [STRIP_MARKS.rotation]: 'yellow',
    [STRIP_MARKS.empty]: 'dim',
  };
  for (const d of shown) {
    const cells = rows
      .get(d)!
      .map((c) => paint(c, colour[c] ?? 'dim'))
      .join('');
    out.push(`${d} ${formatLocal(Date.parse(d + 'T12:00:00Z'), 'UTC', 'ccc')} ${cells}`);
  }
  if (shown.length < days.length)
    out.push(
      paint(`  (${days.length - shown.length} of ${days.length} days with nothing to mark are not drawn)`, 'dim'),
    );
  const legend = [`${STRIP_MARKS.errors} connect errors`];
  if (report.related.some((r) => REJECTED_KINDS.has(r.kind)))
    legend.push(`${STRIP_MARKS.rejected} origin check / truncated headers (HTTP 500)`);
  legend.push(
    `${STRIP_MARKS.restart} graceful/full restart`,
    `${STRIP_MARKS.rotation} logrotate window`,
    `${STRIP_MARKS.empty} nothing`,
  );
  out.push(paint('  ' + legend.join('   '), 'dim'));
}

function renderBursts(t: TextCtx): void {
  const { report, at, paint, out, heading } = t;
  const bursts = report.bursts;
  if (!bursts || bursts.length === 0) return;
  heading(`Bursts (${bursts.length})`);
  const times = sortedTimes(report.events);
  bursts.slice(0, LIST_LIMIT).forEach((b, i) => {
    const codes = Object.entries(b.codes)
      .map(([c, n]) => `${c}×${n}`)
      .join(' ');
    const cause = b.cause
      ? `after ${b.cause.kind} at ${at(b.cause.time, 'HH:mm:ss')} (+${fmt.seconds(b.cause.lagSeconds)})`
      : 'no trigger found';
    const inWindow = lowerBound(times, b.end + 1) - lowerBound(times, b.start);
    const spark = sparkline(burstHistogram(b, times));
    out.push(
      `  #${String(i + 1).padEnd(3)} ${at(b.start)} ${paint(spark.padEnd(24), 'red')} ${String(b.count).padStart(5)} in ${formatDuration(b.end - b.start).padEnd(9)} ${codes}`,
    );
    const gens =
      b.generations.length > 0
        ? `, socket generation${b.generations.length > 1 ? 's' : ''} ${b.generations.join(',')}`
        : '';
    out.push(
      paint(
        `        ${b.groups.join(',') || 'no group'}, ${plural(b.pids.length, 'pid')}${gens}; ${cause}${inWindow !== b.count ? `; ${inWindow} events in the analysed window` : ''}`,
        'dim',
      ),
    );
  });
  if (bursts.length > LIST_LIMIT) out.push(`  … ${bursts.length - LIST_LIMIT} more`);
}
