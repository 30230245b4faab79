// The default report: what a terminal user reads. A first screen (summary) first: the verdict once,
// the reason with its numbers, the fix, the caveat that matters most and which sections follow;
// then the evidence, the
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
import { terminalSafeReport } from './terminal.js';
import {
  fmt,
  hostLine,
  recurrence,
  sayDayImpact,
  sayImpact,
  sayRisk,
  summaryCaveat,
  summaryReason,
  summaryScope,
  SUMMARY_WORDS,
  unreadableLine,
} from './words/index.js';

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
/** Prose is wrapped to the terminal width (RenderOptions.width); only code and paths overflow. */
export const DEFAULT_WIDTH = 100;
/** Narrower than this, wrapping makes more harm than overflow. */
const MIN_WIDTH = 40;

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
  /** the columns to wrap to */
  width: number;
  /** the sections' headings in order, short form, for the summary's pointer */
  headings: string[];
  /** "main  detail" on one line when it fits, else the detail on the next line under `indent` */
  pair: (main: string, detail: string, indent: string, style?: Style) => void;
  /** prose wrapped to the width with a hanging indent */
  prose: (text: string, first: string, rest: string, ...styles: Style[]) => void;
  /** prose, then a dim detail (an origin) at its end when it fits there, else on a line of its own */
  proseThen: (text: string, detail: string, first: string, rest: string) => void;
}

export function renderText(input: Report, options: RenderOptions): string {
  // Every string from the inputs escaped once, up front: colours below can then wrap any value.
  const report = terminalSafeReport(input);
  const paint = (s: string, ...styles: Style[]): string =>
    options.color && styles.length ? `\x1b[${styles.map((st) => SGR[st]).join(';')}m${s}\x1b[0m` : s;
  const zone = report.timezone;
  const width = Math.max(MIN_WIDTH, Math.floor(options.width ?? DEFAULT_WIDTH));
  const out: string[] = [];
  const headings: string[] = [];
  const t: TextCtx = {
    report,
    zone,
    at: (x, fmt) => (x === null ? '?' : formatLocal(x, zone, fmt)),
    paint,
    out,
    heading: (title) => {
      out.push('', ...wrap(title, width, '', '  ').map((l) => paint(l, 'bold')));
      headings.push(shortHeading(title));
    },
    total: report.summary.WSGI0116 + report.summary.WSGI0117,
    width,
    headings,
    pair: (main, detail, indent, style = 'dim') => {
      if (detail === '') out.push(main);
      else if (main.length + 2 + detail.length <= width) out.push(`${main}  ${paint(detail, style)}`);
      else out.push(main.trimEnd(), indent + paint(detail, style));
    },
    prose: (text, first, rest, ...styles) => {
      for (const l of wrap(text, width, first, rest)) out.push(styles.length ? paint(l, ...styles) : l);
    },
    proseThen: (text, detail, first, rest) => {
      const lines = wrap(text, width, first, rest);
      const last = lines.pop()!;
      out.push(...lines);
      if (last.length + 2 + detail.length <= width) out.push(`${last}  ${paint(detail, 'dim')}`);
      else out.push(last, rest + paint(detail, 'dim'));
    },
  };
  for (const section of SECTIONS) section(t);
  return [...summary(t), ...out].join('\n') + '\n';
}

/** "Apache restarts (4; 6 lifecycle markers)" → "Apache restarts", for the summary's pointer. */
function shortHeading(title: string): string {
  return title.replace(/ \(.*$/, '').replace(/^Finding \d+ of \d+: /, 'Finding: ');
}

/** The sections under the summary, in reading order. */
const SECTIONS: ((t: TextCtx) => void)[] = [
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

/**
 * The first screen (at most ~15 lines): the verdict once, the reason with its key numbers, the
 * window, the fix (the snippet's code lines; the commented snippet is in the finding below), the
 * caveat that matters most, and which sections follow. Counts come from the same arrays the
 * sections below list, so the two never disagree.
 */
function summary(t: TextCtx): string[] {
  const { report, at, paint, width, total } = t;
  const lines: string[] = [];
  const add = (text: string, first: string, rest: string, ...styles: Style[]): void => {
    for (const l of wrap(text, width, first, rest)) lines.push(styles.length ? paint(l, ...styles) : l);
  };
  const bad = report.verdict !== 'no-errors';
  const top = report.findings.find((f) => f.kind === report.verdict);
  const conf = top && bad ? ` (confidence ${fmt.confidence(top.confidence)})` : '';
  const head = `Verdict: ${report.verdict}${conf}`;
  const [first = '', ...rest] = wrap(`${head} — ${VERDICT_MEANING[report.verdict]}.`, width, '', '  ');
  lines.push(paint(head, 'bold', bad ? 'red' : 'green') + first.slice(head.length), ...rest);
  const bursts = top ? top.bursts.map((i) => report.bursts[i]).filter((b) => b !== undefined) : report.bursts;
  const unreadable = report.inputs.reduce(
    (n, i) => n + Object.values(i.unreadable ?? {}).reduce((a, b) => a + (b ?? 0), 0),
    0,
  );
  add(
    summaryReason({
      errors: total,
      explained: top ? top.explains.errors : total,
      bursts: top ? top.explains.bursts : report.bursts.length,
      aligned: bursts.filter((b) => b.cause !== null).length,
      p: report.statistics?.p ?? null,
      lines: report.inputs.reduce((n, i) => n + i.lines, 0),
      unreadable,
    }),
    '  ',
    '  ',
  );
  const restarts = report.restarts.filter((r) => r.kind === 'graceful' || r.kind === 'restart');
  pack(
    lines,
    summaryScope({
      from: at(report.window.start),
      to: at(report.window.end),
      zone: report.timezone,
      inputs: report.inputs.length,
      restarts: restarts.length,
      inferredRestarts: restarts.filter((r) => r.inferred).length,
      bundle: bundleOf(report),
    }),
    width,
    (l) => paint(l, 'dim'),
  );
  const rec = top?.recommendation ?? null;
  if (rec) {
    lines.push(paint(SUMMARY_WORDS.fix(rec.context), 'bold'));
    const code = (findingWords(top!, report.timezone).snippet ?? rec.directive)
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    for (const l of code) lines.push('    ' + paint(l, 'cyan'));
  }
  const caveat = summaryCaveat(rec?.caveats ?? [], report.missingEvidence);
  if (caveat) add(caveat, '', '  ', 'yellow');
  if (t.headings.length > 0)
    pack(lines, `${SUMMARY_WORDS.details} ${t.headings.join(' · ')}`, width, (l) => paint(l, 'dim'), '');
  return lines;
}

/** A " · "-separated list wrapped between its items, never inside one. */
function pack(lines: string[], text: string, width: number, style: (l: string) => string, first = '  '): void {
  let cur = first;
  for (const item of text.split(' · ')) {
    if (cur.trim() !== '' && cur.length + 3 + item.length > width) {
      lines.push(style(cur));
      cur = '  ' + item;
    } else cur += (cur.trim() === '' ? '' : ' · ') + item;
  }
  lines.push(style(cur));
}

/**
 * Hook for the --root bundle (issue 14, point 3: named once in the header). The Report does not
 * carry it yet; when it does, return that field here.
 */
function bundleOf(report: Report): string | null {
  const r = report as Report & { root?: unknown; bundle?: unknown };
  const v = r.bundle ?? r.root;
  return typeof v === 'string' ? v : null;
}

/** Each finding (evidence, recommendation, snippet, caveats), the statistics, what is missing. */
function findingsSection(t: TextCtx): void {
  const { report, out, heading, prose } = t;
  // 2. Findings: evidence, recommendation, snippet, caveats.
  const findings = report.findings ?? [];
  findings.forEach((f, i) => renderFinding(t, f, i, findings.length));
  // the detail (bursts in windows, coverage) is already in the finding's "Not chance" evidence
  if (report.statistics) out.push('');
  if (report.statistics)
    prose(
      `Statistics: circular-shift permutation (${report.statistics.shifts} shifts, seed ${report.statistics.seed}) and binomial tail; the larger p-value is reported: p = ${fmt.pValue(report.statistics.p)}.`,
      '',
      '  ',
    );
  if (report.recurrence) {
    const r = report.recurrence;
    const sched =
      r.matchesSchedule === null
        ? ''
        : r.matchesSchedule
          ? ' — matches the rotation schedule'
          : ' — does NOT match the rotation schedule';
    prose(`Recurrence: ${recurrence(r)}${sched}`, '', '  ');
  }
  if (report.missingEvidence.length > 0) {
    heading('What would make this firmer');
    for (const m of missingWords(report)) prose(m, '  - ', '    ');
  }
}

/** What the configuration predicts even without errors (risks[]), with the lines it rests on. */
function risksSection(t: TextCtx): void {
  const { report, heading } = t;
  if (report.risks.length === 0) return;
  heading('Risk at the next logrotate reload');
  for (const r of report.risks) {
    t.prose(`${r.code}: ${sayRisk(r)}`, '  ', '  ');
    t.prose(`from ${r.origins.join(', ')}`, '    ', '    ', 'dim');
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
  const { report, at, out, heading, pair } = t;
  // counted from the list below (inferred restarts included), as the summary counts them
  const restarts = report.restarts.filter((r) => r.kind === 'graceful' || r.kind === 'restart').length;
  heading(`Apache restarts (${restarts}; ${plural(report.restarts.length, 'lifecycle marker')})`);
  const mpm = mpmSeen(report);
  if (mpm) out.push(`  MPM seen in the markers: ${mpm}`);
  for (const r of report.restarts.slice(0, LIST_LIMIT)) {
    const word = r.inferred
      ? 'restart (inferred: its notice is not in the logs read)'
      : (MARKER_WORDS[r.marker] ?? r.marker);
    pair(`  ${at(r.time)}  ${(word + (r.mpm ? ` (${r.mpm})` : '')).padEnd(26)}`, `${r.file}:${r.line}`, '      ');
  }
  if (report.restarts.length > LIST_LIMIT) out.push(`  … ${report.restarts.length - LIST_LIMIT} more`);
  if (report.restarts.length === 0)
    t.prose('none in the log (restart markers are notice-level; a rotated-away file may hold them)', '  ', '  ');
}

/** Server versions and every input read. */
function bannersAndInputs(t: TextCtx): void {
  const { report, at, heading, pair } = t;
  const banners = distinctBanners(report);
  if (banners.length > 0) {
    heading('Server versions (from "configured -- resuming normal operations")');
    for (const b of banners) pair(`  ${b.description}`, `first ${at(b.first)}, ${plural(b.count, 'time')}`, '    ');
  }

  heading('Inputs');
  for (const i of report.inputs) {
    const span = i.first === null ? 'no timestamps' : `${at(i.first)} → ${at(i.last)}`;
    pair(
      `  ${i.path}${i.compressed ? ' (gz)' : ''}`,
      `${plural(i.lines, 'line')}, ${i.unparsed} unparsed, ${span}${i.origin !== 'given' ? ` [${i.origin}]` : ''}`,
      '    ',
      'dim',
    );
    if (i.error) t.prose(`! ${i.error}`, '    ', '      ', 'yellow');
    const u = unreadableLine(i);
    if (u) t.prose(`! ${u}`, '    ', '      ', 'yellow');
  }
  if (report.hosts.length > 1) {
    heading('Hosts (each diagnosed on its own)');
    for (const h of report.hosts) t.prose(hostLine(h, report), '  ', '    ');
  }
}

/** When logrotate runs (the schedule stage), and the rotation windows. */
function scheduleSection(t: TextCtx): void {
  const { report, zone, at, out, heading, prose } = t;
  // 5. The schedule (when the schedule stage ran); no heading when there is nothing under it.
  const s = report.schedule;
  const rotations = report.rotations ?? [];
  if ((!s || (s.sources.length === 0 && !s.logrotate && s.assumptions.length === 0)) && rotations.length === 0) return;
  heading('When logrotate runs');
  if (s) {
    for (const x of s.sources)
      t.proseThen(
        `${x.source}: ${x.spec} — ${x.description}${x.assumption ? ' (assumed)' : ''}`,
        x.origin,
        '  ',
        '    ',
      );
    const lr = s.logrotate;
    if (lr) {
      prose(
        `logrotate stanza ${lr.origin} (${lr.patterns.join(' ')}): ${lr.frequency ?? 'no frequency'}, postrotate action ${lr.action} — ${lr.actionDetail}`,
        '  ',
        '    ',
      );
      for (const c of lr.consequences) prose(c, '    - ', '      ');
    }
    for (const a of s.assumptions) prose(`assumption: ${a}`, '  ', '    ');
  }
  if (rotations.length > 0) {
    // windows before the first or after the last log line are listed but not counted as seen
    const { start, end } = report.window;
    const inWindow = rotations.filter((r) => start === null || end === null || (r.end >= start && r.start <= end));
    const outside = rotations.length - inWindow.length;
    out.push(`  rotations (${inWindow.length} in the analysed window${outside > 0 ? `, ${outside} outside it` : ''}):`);
    for (const r of rotations.slice(0, LIST_LIMIT)) {
      const end = localDay(r.end, zone) === localDay(r.start, zone) ? at(r.end, 'HH:mm:ss') : at(r.end);
      t.proseThen(
        `${at(r.start)} – ${end} ${r.source} '${r.spec}', ${r.action}, ${r.likelihood}${r.reason ? ` (${r.reason})` : ''}`,
        r.origin,
        '    ',
        '      ',
      );
    }
    if (report.rotations.length > LIST_LIMIT) out.push(`    … ${report.rotations.length - LIST_LIMIT} more`);
  }
}

/** The Apache configuration facts. */
function apacheConfigSection(t: TextCtx): void {
  const { report, paint, out, heading, pair, prose } = t;
  // 6. Apache configuration facts.
  const ac = report.apacheConfig;
  if (ac) {
    heading('Apache configuration');
    // label, value and origin on one line when they fit; else the origin, then the value too,
    // on lines of their own (a long path then overflows alone)
    const configRow = (label: string, value: string, origin: string): void => {
      const head = `  ${label.padEnd(24)} ${value}`;
      if (head.length <= t.width) pair(head, origin, '    ');
      else out.push(`  ${label}`, `    ${value}`, '    ' + paint(origin, 'dim'));
    };
    const row = (label: string, v: { value: unknown; origin: string } | null, unset: string): void => {
      if (v) configRow(label, String(v.value), v.origin);
      else prose(unset, `  ${label.padEnd(24)} `, ' '.repeat(27));
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
      configRow('ErrorLog', `${what}${l.vhost ? ` for ${l.vhost}` : ''}`, l.origin);
    }
    for (const d of ac.daemons) {
      const opts = Object.entries(d.options)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      pair(`  WSGIDaemonProcess ${d.name} ${opts}`, d.origin, '    ');
    }
    for (const p of ac.problems) prose(`! ${p}`, '  ', '    ', 'red');
    for (const w of ac.warnings ?? []) prose(`note: ${w}`, '  ', '    ', 'dim');
    out.push(paint(`  (${plural(ac.files.length, 'file')} read)`, 'dim'));
  }
}

/** Warnings. */
function warningsSection(t: TextCtx): void {
  const { report, heading, prose } = t;
  if (report.warnings.length > 0) {
    heading('Warnings');
    for (const w of report.warnings) prose(w, '  ! ', '    ', 'yellow');
  }
}

function renderFinding(t: TextCtx, f: Finding, i: number, n: number): void {
  const { report, zone, paint, out, heading, prose, width } = t;
  const nums = f.bursts.map((b) => `#${b + 1}`);
  const listed = nums.length > 8 ? `${nums.slice(0, 6).join(' ')} … ${nums.at(-1)}` : nums.join(' ');
  const bursts = f.bursts.length > 0 ? `, ${plural(f.bursts.length, 'burst')}: ${listed}` : '';
  heading(
    `${n > 1 ? `Finding ${i + 1} of ${n}: ` : 'Finding: '}${f.kind} (${f.role}, confidence ${fmt.confidence(f.confidence)}, explains ${fmt.count(f.explains.errors, 'error')}${bursts})`,
  );
  // the verdict's meaning is already in the summary
  if (f.kind !== report.verdict) prose(`${VERDICT_MEANING[f.kind]}.`, '  ', '  ');
  const bullets = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    out.push(`  ${title}:`);
    for (const item of items) prose(item, '    - ', '      ');
  };
  const words = findingWords(f, zone);
  bullets('Evidence', words.evidence);
  const rec = f.recommendation;
  if (rec) {
    const [r0 = '', ...rr] = wrap(`Recommendation: ${rec.directive} (${rec.context})`, width, '  ', '    ');
    out.push(r0.replace(rec.directive, paint(rec.directive, 'bold')), ...rr);
    // Comment lines are prose: a run of them is one paragraph (until a line ends a sentence),
    // re-wrapped as comments; code lines stay whole (they may overflow).
    for (const part of snippetParagraphs(words.snippet ?? ''))
      if (part.comment)
        for (const w of wrap(part.text, width - 4, `${part.indent}# `, `${part.indent}# `))
          out.push('    ' + paint(w, 'dim'));
      else out.push('    ' + paint(part.text, 'cyan'));
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
  for (let i = 0; i < report.events.length; i++) mark(report.events.time(i), STRIP_MARKS.errors);
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
  // legend items packed per line, never split inside one
  let line = ' ';
  for (const item of legend) {
    if (line.trim() !== '' && line.length + 3 + item.length > t.width) {
      out.push(paint(line, 'dim'));
      line = ' ';
    }
    line += (line.trim() === '' ? ' ' : '   ') + item;
  }
  out.push(paint(line, 'dim'));
}

function renderBursts(t: TextCtx): void {
  const { report, at, paint, out, heading, prose } = t;
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
    const main = `  #${String(i + 1).padEnd(3)} ${at(b.start)} ${spark.padEnd(24)} ${String(b.count).padStart(5)} in ${formatDuration(b.end - b.start)}`;
    const fits = main.length + 1 + codes.length <= t.width;
    out.push(main.replace(spark.padEnd(24), paint(spark.padEnd(24), 'red')) + (fits ? ` ${codes}` : ''));
    const gens =
      b.generations.length > 0
        ? `, socket generation${b.generations.length > 1 ? 's' : ''} ${b.generations.join(',')}`
        : '';
    prose(
      `${fits ? '' : `${codes}; `}${b.groups.join(',') || 'no group'}, ${plural(b.pids.length, 'pid')}${gens}; ${cause}${inWindow !== b.count ? `; ${inWindow} events in the analysed window` : ''}`,
      '        ',
      '        ',
      'dim',
    );
    if (b.impact) out.push(`        access log: ${sayImpact(b.impact)}`);
  });
  if (bursts.length > LIST_LIMIT) out.push(`  … ${bursts.length - LIST_LIMIT} more`);
  const perDay = report.accessLog?.perDay ?? [];
  if (perDay.length > 0) {
    out.push("  Failed requests per day (access log, in the bursts' windows):");
    for (const d of perDay) out.push(`    ${sayDayImpact(d)}`);
  }
}

/** A snippet's lines, runs of comment lines joined into paragraphs (a line ending in . : ! ends one). */
export function snippetParagraphs(snippet: string): { comment: boolean; indent: string; text: string }[] {
  const parts: { comment: boolean; indent: string; text: string; open: boolean }[] = [];
  for (const l of snippet.split('\n')) {
    const c = /^(\s*)# ?(.*)$/.exec(l);
    const prev = parts.at(-1);
    if (!c) parts.push({ comment: false, indent: '', text: l, open: false });
    else if (prev && prev.comment && prev.open && prev.indent === c[1]) {
      prev.text += ' ' + c[2]!;
      prev.open = !/[.:!]$/.test(c[2]!);
    } else parts.push({ comment: true, indent: c[1]!, text: c[2]!, open: !/[.:!]$/.test(c[2]!) });
  }
  return parts.map(({ comment, indent, text }) => ({ comment, indent, text }));
}
