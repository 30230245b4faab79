// `--format html`: one self-contained page (inline CSS, inline SVG, one inline script; no fonts,
// images or requests; a Content-Security-Policy that forbids any fetch) for an incident review.
// Complete without JavaScript: the verdict, the static timeline, the heat strip and all tables
// are server-rendered; the script only adds zoom/pan/day selection and the copy button.
// Works at every pipeline stage: with only parse results it still draws errors and restarts.
import { createHash } from 'node:crypto';
import type { Finding, Report, Verdict } from '../model.js';
import { formatLocal, localDayStarts } from '../time/index.js';
import { drawTimeline } from './html/chart-core.js';
import { buildChartData } from './html/chart-data.js';
import { clientScript } from './html/client.js';
import { esc, jsonForScript } from './html/escape.js';
import { renderHeatStrip } from './html/heatstrip.js';
import { CSS } from './html/style.js';
import { terminalSafeReport } from './terminal.js';
import { findingWords, missingWords } from './digest.js';
import {
  fmt,
  hostLine,
  recurrence,
  sayDayImpact,
  sayImpact,
  sayRisk,
  testDetail,
  unreadableLine,
  VERDICT_EXPLAIN,
  VERDICT_TITLE,
} from './words/index.js';

/** Rows embedded per table; the page says when a table was cut. */
export const TABLE_LIMITS = { bursts: 500, events: 200, restarts: 300, rotations: 300 };

const SEVERITY: Record<Verdict, 'problem' | 'ok' | 'unknown'> = {
  'rotation-restart': 'problem',
  'rotation-already-off': 'problem',
  'backlog-overload': 'problem',
  'socket-permission': 'problem',
  'daemon-down': 'problem',
  inconclusive: 'unknown',
  'no-errors': 'ok',
  'fix-not-in-effect': 'problem',
};

const VERDICT_TEXT = (v: Verdict): { title: string; explain: string; severity: 'problem' | 'ok' | 'unknown' } => ({
  title: VERDICT_TITLE[v],
  explain: VERDICT_EXPLAIN[v],
  severity: SEVERITY[v],
});

const pct = fmt.confidence;
const fmtSpan = (seconds: number): string => fmt.duration(seconds * 1000, true);

/** The first `limit` rows (`total`: how many there are when `rows` holds only the first ones). */
function cut<T>(rows: T[], limit: number, what: string, total = rows.length): { rows: T[]; note: string } {
  if (total <= limit) return { rows, note: '' };
  return {
    rows: rows.slice(0, limit),
    note: `<p class="notes">Showing the first ${limit} of ${total} ${esc(what)}; the JSON report (<code>--format json</code>) has them all.</p>`,
  };
}

function table(head: string[], rows: string[][], numeric: Set<number> = new Set(), caption = ''): string {
  // Long tables scroll on screen (sticky header) and print in full.
  const th = head.map((h, i) => `<th scope="col"${numeric.has(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  // A scrolling container must be reachable by keyboard (tabindex) and named (region).
  const wrap = rows.length > 15 ? ` tall" tabindex="0" role="region" aria-label="${esc(caption)}` : '';
  return `<div class="table-wrap${wrap}"><table>${caption ? `<caption class="skip">${esc(caption)}</caption>` : ''}<thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function codeTags(codes: Partial<Record<string, number>>): string {
  return Object.entries(codes)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([c, n]) => `<span class="tag ${c === 'WSGI0116' ? 'c116' : 'c117'}">${esc(c)} × ${n}</span>`)
    .join(' ');
}

function recommendationBlock(f: Finding, id: string, zone: string): string {
  const r = f.recommendation;
  if (!r) return '';
  const w = findingWords(f, zone);
  const caveats = w.caveats.length
    ? `<h4>Caveats</h4><ul class="caveats">${w.caveats.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`
    : '';
  const verify = w.verify.length
    ? `<h4>Verify afterwards</h4><ul class="verify">${w.verify.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`
    : '';
  return (
    `<div class="rec"><h3>Recommendation: <code>${esc(r.directive)}</code></h3>` +
    `<p>Where: <b>${esc(r.context)}</b></p>` +
    `<div class="snippet-wrap"><pre class="snippet" id="${id}" aria-label="Configuration snippet">${esc(w.snippet ?? '')}</pre>` +
    `<button type="button" class="copy" data-target="${id}" hidden aria-label="Copy the snippet to the clipboard">Copy</button></div>${caveats}${verify}</div>`
  );
}

function findingBlock(f: Finding, i: number, zone: string): string {
  const t = VERDICT_TEXT(f.kind);
  const link = (b: number) => `<a href="#burst-${b + 1}">#${b + 1}</a>`;
  const bursts = f.bursts.length
    ? `<p>Bursts (${f.bursts.length}): ${f.bursts.slice(0, 12).map(link).join(', ')}${f.bursts.length > 12 ? ` … ${link(f.bursts[f.bursts.length - 1]!)}` : ''}</p>`
    : '';
  // The first finding's recommendation is already shown under the verdict.
  const rec =
    i === 0 && f.recommendation
      ? '<p class="meta">Recommendation: see the top of the report.</p>'
      : recommendationBlock(f, `snippet-${i}`, zone);
  return (
    `<section class="finding" aria-labelledby="finding-${i}"><p id="finding-${i}"><span class="fk">${esc(t?.title ?? f.kind)}</span> <code>${esc(f.kind)}</code> — ${f.role}, confidence ${pct(f.confidence)}, explains ${esc(fmt.count(f.explains.errors, 'error'))}</p>` +
    `${bursts}<ul class="evidence">${findingWords(f, zone)
      .evidence.map((e) => `<li>${esc(e)}</li>`)
      .join('')}</ul>${rec}</section>`
  );
}

function legend(hasRelated: boolean): string {
  const sw = (inner: string) => `<svg width="22" height="14" viewBox="0 0 22 14" aria-hidden="true">${inner}</svg>`;
  return (
    '<ul class="legend" aria-label="Legend">' +
    `<li>${sw('<rect x="1" y="1" width="20" height="12" fill="#0072B2"/>')}WSGI0116 (solid): listener backlog / connection refused</li>` +
    `<li>${sw('<defs><pattern id="lg117" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#D55E00"/><line x1="0" y1="0" x2="0" y2="5" stroke="#fff" stroke-width="1.2"/></pattern></defs><rect x="1" y="1" width="20" height="12" fill="url(#lg117)" stroke="#6b2a00"/>')}WSGI0117 (hatched): socket missing or not accessible</li>` +
    `<li>${sw('<line x1="11" y1="4" x2="11" y2="14" stroke="#000" stroke-dasharray="3 2"/><path d="M11 6 l-5 -6 h10 z"/>')}graceful restart ▼, full restart ■, start ○, stop ×</li>` +
    `<li>${sw('<rect x="1" y="1" width="20" height="12" fill="#E69F00" fill-opacity="0.38"/>')}logrotate window (hatched: possible run)</li>` +
    `<li>${sw('<rect x="1" y="3" width="20" height="8" fill="#CC79A7" stroke="#8a3f6c" rx="2"/>')}burst (lane above the plot, numbered as in the table)</li>` +
    (hasRelated
      ? `<li>${sw('<path d="M11 1 l6 6 l-6 6 l-6 -6 z" fill="#009E73" stroke="#00674b"/>')}other mod_wsgi messages (origin-check rejections, truncated responses, daemon deaths, …)</li>`
      : '') +
    '</ul>'
  );
}

/** What every section of the page reads, and the parts it appends to. */
interface HtmlCtx {
  report: Report;
  zone: string;
  when: (t: number | null | undefined, fmt?: string) => string;
  findings: Finding[];
  bursts: Report['bursts'];
  verdict: Verdict;
  vt: { title: string; explain: string; severity: 'problem' | 'ok' | 'unknown' };
  top: Finding | undefined;
  /** the chart's data, computed once for the timeline and the heat strip */
  built: ReturnType<typeof buildChartData>;
  parts: string[];
}

/** The page's sections, top to bottom. */
const SECTIONS: ((c: HtmlCtx) => void)[] = [
  header,
  timeline,
  heatStripSection,
  findingsSection,
  burstsSection,
  scheduleSection,
  apacheSection,
  inputsSection,
  restartsSection,
  eventsSection,
  warningsSection,
];

export function renderHtml(input: Report): string {
  // control characters from the inputs shown escaped: a bidi override would reorder the page's text
  const report = terminalSafeReport(input);
  const zone = report.timezone;
  const c: HtmlCtx = {
    report,
    zone,
    when: (t, fmt = 'yyyy-LL-dd HH:mm:ss') =>
      t === null || t === undefined || !Number.isFinite(t) ? '—' : esc(formatLocal(t, zone, fmt)),
    findings: report.findings,
    bursts: report.bursts,
    verdict: report.verdict,
    vt: VERDICT_TEXT(report.verdict),
    top: report.findings[0],
    built: buildChartData(report),
    parts: [],
  };
  for (const section of SECTIONS) section(c);
  return page(c);
}

/** The header: the verdict, its confidence, the counts and the top recommendation. */
function header(c: HtmlCtx): void {
  const { report, zone, when, bursts, verdict, vt, top, parts } = c;
  // header and verdict
  const windowText = `${when(report.window.start)} – ${when(report.window.end)} (${esc(zone)})`;
  parts.push(
    `<header><h1>wsgi-logdoctor report</h1><p class="meta">${windowText} · ${report.inputs.length} input ${fmt.noun(report.inputs.length, 'file')} · ${esc(report.tool.name)} ${esc(report.tool.version)}</p></header>`,
  );
  // counted from the lists the sections show (inferred restarts included; rotation windows that
  // overlap the analysed window), so the header and the evidence agree
  const restarts = report.restarts.filter((r) => r.kind === 'graceful' || r.kind === 'restart').length;
  const { start: ws, end: we } = report.window;
  const rotations = report.rotations.filter((r) => ws === null || we === null || (r.end >= ws && r.start <= we)).length;
  const minutes = new Set<number>();
  for (let i = 0; i < report.events.length; i++) minutes.add(Math.floor(report.events.time(i) / 60_000));
  const affectedMinutes = minutes.size;
  const counts =
    `<ul class="counts">` +
    `<li><b>${report.summary.WSGI0116}</b> × <span class="tag c116">WSGI0116</span></li>` +
    `<li><b>${report.summary.WSGI0117}</b> × <span class="tag c117">WSGI0117</span></li>` +
    `<li><b>${affectedMinutes}</b> affected ${fmt.noun(affectedMinutes, 'minute')}</li>` +
    `<li><b>${restarts}</b> Apache ${fmt.noun(restarts, 'restart')}</li>` +
    (report.bursts ? `<li><b>${bursts.length}</b> ${fmt.noun(bursts.length, 'burst')}</li>` : '') +
    (report.rotations.length
      ? `<li><b>${rotations}</b> logrotate ${fmt.noun(rotations, 'window')} in the window</li>`
      : '') +
    (report.related.length
      ? `<li><b>${report.related.length}</b> related mod_wsgi ${fmt.noun(report.related.length, 'message')} (${esc(
          Object.entries(report.summary.related)
            .map(([k, n]) => `${k} × ${n}`)
            .join(', '),
        )})</li>`
      : '') +
    `</ul>`;
  const conf = top
    ? `<div class="conf"><div class="label">Confidence</div><div class="pct">${pct(top.confidence)}</div><meter min="0" max="1" value="${top.confidence.toFixed(2)}" aria-label="confidence">${pct(top.confidence)}</meter></div>`
    : '<div class="conf"></div>';
  const verdictTitle = vt.title;
  const verdictExplain = vt.explain;
  parts.push(
    `<section class="verdict sev-${vt.severity}" aria-label="Verdict"><div><div class="label">Verdict</div>` +
      `<div class="kind">${esc(verdictTitle)}</div><code>${esc(verdict)}</code><p class="explain">${esc(verdictExplain)}</p></div>${conf}${counts}</section>`,
  );
  if (top) parts.push(recommendationBlock(top, 'snippet-top', zone));
}

/** The timeline figure (server-rendered SVG; the script adds zoom and pan). */
function timeline(c: HtmlCtx): void {
  const { report, zone, parts, built } = c;
  parts.push('<section aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline</h2>');
  if (built?.notes.length)
    parts.push(`<div class="notes" role="note">${built.notes.map((n) => `<p>${esc(n)}</p>`).join('')}</div>`);
  if (built) {
    const d = built.data;
    const svg = drawTimeline(d, { from: d.start, to: d.end, width: 1072, height: 300 });
    const dayOptions = localDayStarts(d.start, d.end, zone, 'ccc yyyy-LL-dd');
    const perDay = new Map<number, number>();
    for (let i = 0; i + 2 < d.bins.length; i += 3) {
      const t = d.bins[i]!;
      let lo = 0;
      let hi = dayOptions.length - 1;
      let k = -1;
      while (lo <= hi) {
        const m = (lo + hi) >> 1;
        if (dayOptions[m]!.t <= t) {
          k = m;
          lo = m + 1;
        } else hi = m - 1;
      }
      if (k >= 0) perDay.set(k, (perDay.get(k) ?? 0) + d.bins[i + 1]! + d.bins[i + 2]!);
    }
    const options = dayOptions
      .map((o, i) => {
        const end = Math.min(d.end, dayOptions[i + 1]?.t ?? d.end);
        const from = Math.max(d.start, o.t);
        const n = perDay.get(i) ?? 0;
        return `<option value="${from}" data-end="${end}">${esc(o.label)}${n ? ` — ${n} ${fmt.noun(n, 'error')}` : ''}</option>`;
      })
      .join('');
    parts.push(
      `<div class="controls" id="timeline-controls" hidden role="toolbar" aria-label="Timeline view">` +
        `<label>Day <select id="day-select"><option value="">whole range</option>${options}</select></label>` +
        `<button type="button" data-action="zoom-in">Zoom in</button><button type="button" data-action="zoom-out">Zoom out</button>` +
        `<button type="button" data-action="pan-left" aria-label="Earlier">◀</button><button type="button" data-action="pan-right" aria-label="Later">▶</button>` +
        `<button type="button" data-action="reset">Whole range</button><span class="hint">Drag across the chart to zoom; ← → + − keys when it has focus.</span></div>` +
        `<figure><div class="timeline-box" id="timeline-box" tabindex="0" aria-describedby="view-status">${svg}</div>` +
        `<div class="selection" id="timeline-selection" hidden></div>` +
        `<figcaption><span id="view-status" aria-live="polite"></span> ${esc(d.desc)} Times in ${esc(zone)}. Hover a bar, band or marker for details; the tables below list the same data as text.</figcaption></figure>` +
        legend(report.related.length > 0) +
        `<p class="meta" id="nojs-note">Zooming and the day selector need JavaScript; the chart above shows the whole range.</p>` +
        `<script type="application/json" id="chart-data">${jsonForScript(d)}</script>`,
    );
  } else {
    parts.push('<p class="none">No timestamps in the input: nothing to draw.</p>');
  }
  parts.push('</section>');
}

/** The day × time-of-day heat strip. */
function heatStripSection(c: HtmlCtx): void {
  const { report, zone, parts } = c;
  const { built } = c;
  if (built) {
    const hs = renderHeatStrip(report, { start: built.data.start, end: built.data.end });
    parts.push(
      `<section aria-labelledby="h-heat"><h2 id="h-heat">Day × time of day</h2><figure><div class="heat-wrap">${hs.svg}</div>` +
        `<figcaption>${esc(hs.summary)} A daily recurrence shows as a vertical stripe; rows are local days in ${esc(zone)}.</figcaption></figure></section>`,
    );
  }
}

/** Every finding with its evidence, the statistics, the recurrence, what is missing. */
function findingsSection(c: HtmlCtx): void {
  const { report, zone, findings, parts } = c;
  // findings and evidence
  parts.push('<section aria-labelledby="h-findings"><h2 id="h-findings">Findings and evidence</h2>');
  if (findings.length === 0) parts.push('<p class="none">No findings.</p>');
  findings.forEach((f, i) => parts.push(findingBlock(f, i, zone)));
  if (report.statistics) {
    parts.push(
      `<h3>Is it more than chance?</h3><p>Circular-shift permutation and binomial tail, the larger p reported: p = ${esc(fmt.pValue(report.statistics.p))}. ${esc(testDetail(report.statistics))}</p>`,
    );
  }
  if (report.recurrence) {
    const r = report.recurrence;
    const m =
      r.matchesSchedule === null
        ? 'no schedule to compare with'
        : r.matchesSchedule
          ? 'matches the logrotate schedule'
          : 'does not match the logrotate schedule';
    parts.push(`<h3>Recurrence</h3><p>${esc(recurrence(r))} (${m}).</p>`);
  }
  if (report.risks.length > 0) {
    parts.push(
      `<h3>Risk at the next logrotate reload</h3><ul>${report.risks
        .map(
          (r) =>
            `<li><code>${esc(r.code)}</code>: ${esc(sayRisk(r))} <small>(from ${esc(r.origins.join(', '))})</small></li>`,
        )
        .join('')}</ul>`,
    );
  }
  if (report.missingEvidence?.length) {
    parts.push(
      `<h3>What would make the answer firmer</h3><ul>${missingWords(report)
        .map((m) => `<li>${esc(m)}</li>`)
        .join('')}</ul>`,
    );
  }
  parts.push('</section>');
}

/** The bursts table. */
function burstsSection(c: HtmlCtx): void {
  const { report, when, bursts, parts } = c;
  // bursts
  parts.push('<section aria-labelledby="h-bursts"><h2 id="h-bursts">Bursts</h2>');
  if (!report.bursts)
    parts.push('<p class="none">Bursts are found by the correlation stage, which has not run for this report.</p>');
  else if (bursts.length === 0) parts.push('<p class="none">No bursts.</p>');
  else {
    const c = cut(bursts, TABLE_LIMITS.bursts, 'bursts');
    parts.push(
      table(
        [
          '#',
          'start',
          'duration',
          'errors',
          'codes',
          'groups',
          'Apache pids',
          'socket generations',
          'cause',
          'lag',
          'failed requests (access log)',
          '',
        ],
        c.rows.map((b, i) => [
          `<span id="burst-${i + 1}">${i + 1}</span>`,
          when(b.start),
          esc(fmtSpan((b.end - b.start) / 1000)),
          String(b.count),
          codeTags(b.codes),
          esc(b.groups.join(', ')),
          esc(b.pids.slice(0, 8).join(', ') + (b.pids.length > 8 ? ` … (${b.pids.length})` : '')),
          esc(b.generations.join(', ')),
          b.cause
            ? `${esc(b.cause.kind)} at ${when(b.cause.time, 'HH:mm:ss.SSS')}`
            : '<span class="none">none found</span>',
          b.cause ? esc(fmt.seconds(b.cause.lagSeconds)) : '',
          b.impact ? esc(sayImpact(b.impact)) : '<span class="none">no access log</span>',
          `<button type="button" class="zoom-to" hidden data-from="${b.start}" data-to="${b.end}" aria-label="Show burst ${i + 1} on the timeline">show</button>`,
        ]),
        new Set([0, 3, 9]),
        'Bursts of connect errors',
      ) + c.note,
    );
  }
  const perDay = report.accessLog?.perDay ?? [];
  if (perDay.length > 0)
    parts.push(
      `<h3>Failed requests per day (access log, in the bursts' windows)</h3><ul>${perDay.map((d) => `<li>${esc(sayDayImpact(d))}</li>`).join('')}</ul>`,
    );
  parts.push('</section>');
}

/** When logrotate runs: sources, stanza, rotation windows. */
function scheduleSection(c: HtmlCtx): void {
  const { report, when, parts } = c;
  // schedule and rotations
  parts.push('<section aria-labelledby="h-schedule"><h2 id="h-schedule">When logrotate runs</h2>');
  if (!report.schedule && !report.rotations)
    parts.push(
      '<p class="none">No schedule information (the schedule stage has not run, or no configs were given).</p>',
    );
  if (report.schedule) {
    const s = report.schedule;
    if (s.logrotate) {
      const l = s.logrotate;
      parts.push(
        `<h3>logrotate stanza</h3><p><span class="mono path">${esc(l.origin)}</span> rotates <code>${esc(l.patterns.join(' '))}</code>${l.frequency ? ` ${esc(l.frequency)}` : ''}; postrotate action: <b>${esc(l.action)}</b> (${esc(l.actionDetail)}).</p>` +
          (l.consequences.length ? `<ul>${l.consequences.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>` : ''),
      );
    }
    if (s.sources.length) {
      parts.push(
        '<h3>Schedule sources</h3>' +
          table(
            ['source', 'spec', 'origin', 'description'],
            s.sources.map((x) => [
              esc(x.source) + (x.assumption ? ' <span class="tag">assumed</span>' : ''),
              `<code>${esc(x.spec)}</code>`,
              `<span class="mono path">${esc(x.origin)}</span>`,
              esc(x.description),
            ]),
            new Set(),
            'Schedule sources',
          ),
      );
    }
    if (s.assumptions.length)
      parts.push(`<h3>Assumptions</h3><ul>${s.assumptions.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`);
  }
  if (report.rotations?.length) {
    const c = cut(report.rotations, TABLE_LIMITS.rotations, 'rotation windows');
    parts.push(
      '<details><summary>Rotation windows (' +
        report.rotations.length +
        ')</summary>' +
        table(
          ['start', 'end', 'likelihood', 'action', 'source', 'origin', 'why'],
          c.rows.map((r) => [
            when(r.start),
            when(r.end),
            esc(r.likelihood),
            esc(r.action),
            `${esc(r.source)} <code>${esc(r.spec)}</code>`,
            `<span class="mono path">${esc(r.origin)}</span>`,
            esc(r.reason ?? ''),
          ]),
          new Set(),
          'Rotation windows',
        ) +
        c.note +
        '</details>',
    );
  }
  parts.push('</section>');
}

/** The Apache configuration facts. */
function apacheSection(c: HtmlCtx): void {
  const { report, parts } = c;
  // Apache config
  if (report.apacheConfig) {
    const a = report.apacheConfig;
    const row = (name: string, v: { value: unknown; origin: string } | null) => [
      esc(name),
      v ? `<code>${esc(String(v.value))}</code>` : '<span class="none">not set</span>',
      v ? `<span class="mono path">${esc(v.origin)}</span>` : '',
    ];
    const rows = [
      row('WSGISocketRotation', a.socketRotation),
      row('WSGISocketPrefix', a.socketPrefix),
      row('KeepAlive', a.keepAlive ? { value: a.keepAlive.value ? 'On' : 'Off', origin: a.keepAlive.origin } : null),
      row('KeepAliveTimeout', a.keepAliveTimeout),
      row('MaxKeepAliveRequests', a.maxKeepAliveRequests),
      row('GracefulShutdownTimeout', a.gracefulShutdownTimeout),
      row('MPM', a.mpm),
      row('ServerRoot', a.serverRoot),
      ...a.daemons.map((d) => [
        esc(`WSGIDaemonProcess ${d.name}`),
        `<code>${esc(
          Object.entries(d.options)
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
        )}</code>`,
        `<span class="mono path">${esc(d.origin)}</span>`,
      ]),
    ];
    parts.push(
      `<section aria-labelledby="h-apache"><h2 id="h-apache">Apache configuration</h2>${table(['directive', 'value', 'origin'], rows, new Set(), 'Apache configuration')}`,
    );
    if (a.problems.length) parts.push(`<ul>${a.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`);
    parts.push('</section>');
  }
}

/** The inputs read. */
function inputsSection(c: HtmlCtx): void {
  const { report, when, parts } = c;
  // inputs, restarts, events
  parts.push('<section aria-labelledby="h-inputs"><h2 id="h-inputs">Inputs</h2>');
  parts.push(
    table(
      ['file', 'found as', 'lines', 'unparsed', 'first', 'last', 'note'],
      report.inputs.map((i) => [
        `<span class="mono path">${esc(i.path)}</span>`,
        esc(i.origin) + (i.compressed ? ' (gz)' : ''),
        String(i.lines),
        String(i.unparsed),
        when(i.first),
        when(i.last),
        i.error ? esc(i.error) : '',
      ]),
      new Set([2, 3]),
      'Input files',
    ),
  );
  const unread = report.inputs.flatMap((i) => {
    const u = unreadableLine(i);
    return u ? [`<li><span class="mono path">${esc(i.path)}</span>: ${esc(u)}</li>`] : [];
  });
  if (unread.length) parts.push(`<ul>${unread.join('')}</ul>`);
  if (report.hosts.length > 1)
    parts.push(
      `<h3>Hosts (each diagnosed on its own)</h3><ul>${report.hosts.map((h) => `<li>${esc(hostLine(h, report))}</li>`).join('')}</ul>`,
    );
  if (report.banners.length) {
    const seen = new Set<string>();
    const uniq = report.banners.filter((b) => (seen.has(b.description) ? false : (seen.add(b.description), true)));
    parts.push(
      `<p>Server versions seen: ${uniq
        .slice(0, 10)
        .map((b) => `<code>${esc(b.description)}</code> (<span class="mono">${esc(`${b.file}:${b.line}`)}</span>)`)
        .join('; ')}</p>`,
    );
  }
  parts.push('</section>');
}

/** The Apache restarts, inferred ones marked. */
function restartsSection(c: HtmlCtx): void {
  const { report, when, parts } = c;
  parts.push(`<section aria-labelledby="h-restarts"><h2 id="h-restarts">Apache restarts</h2>`);
  if (report.restarts.length === 0) parts.push('<p class="none">No restart markers in the log.</p>');
  else {
    const c = cut(report.restarts, TABLE_LIMITS.restarts, 'restart markers');
    parts.push(
      '<details><summary>' +
        report.restarts.length +
        ' restart marker' +
        (report.restarts.length === 1 ? '' : 's') +
        '</summary>' +
        table(
          ['time', 'kind', 'marker', 'MPM', 'where'],
          c.rows.map((r) => [
            when(r.time, 'yyyy-LL-dd HH:mm:ss.SSS'),
            esc(r.inferred ? `${r.kind} (inferred)` : r.kind),
            esc(r.marker),
            esc(r.mpm ?? ''),
            `<span class="mono path">${esc(`${r.file}:${r.line}`)}</span>`,
          ]),
          new Set(),
          'Apache restarts',
        ) +
        c.note +
        '</details>',
    );
  }
  parts.push('</section>');
}

/** Every connect error (capped). */
function eventsSection(c: HtmlCtx): void {
  const { report, when, parts } = c;
  parts.push(`<section aria-labelledby="h-events"><h2 id="h-events">Connect errors</h2>`);
  if (report.events.length === 0) parts.push('<p class="none">None.</p>');
  else {
    const first = report.events.slice(0, TABLE_LIMITS.events).toArray();
    const c = cut(first, TABLE_LIMITS.events, 'connect errors', report.events.length);
    parts.push(
      '<details><summary>' +
        report.events.length +
        ' connect error' +
        (report.events.length === 1 ? '' : 's') +
        '</summary>' +
        table(
          ['time', 'code', 'errno', 'group', 'socket', 'Apache pid', 'where'],
          c.rows.map((e) => [
            when(e.time, 'yyyy-LL-dd HH:mm:ss.SSS'),
            `<span class="tag ${e.code === 'WSGI0116' ? 'c116' : 'c117'}">${esc(e.code)}</span>`,
            esc(e.errno !== null ? `${e.errno} ${e.errnoText ?? ''}` : ''),
            esc(e.group ?? ''),
            `<span class="mono path">${esc(e.socket ?? '')}</span>`,
            esc(e.pid ?? ''),
            `<span class="mono path">${esc(`${e.file}:${e.line}`)}</span>`,
          ]),
          new Set(),
          'Connect errors',
        ) +
        c.note +
        '</details>',
    );
  }
  parts.push('</section>');
}

/** Warnings. */
function warningsSection(c: HtmlCtx): void {
  const { report, parts } = c;

  if (report.warnings.length)
    parts.push(
      `<section aria-labelledby="h-warn"><h2 id="h-warn">Warnings</h2><ul>${report.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>`,
    );
}

/** The document around the sections: CSP for exactly its own script, title, styles. */
function page(c: HtmlCtx): string {
  const { report, zone, vt, parts } = c;
  const verdictTitle = vt.title;
  const script = clientScript();
  // Only this exact script may run, and nothing may be fetched: the page can be opened from an
  // email or a ticket without calling home, and injected markup could not execute anyway.
  const scriptHash = createHash('sha256').update(script, 'utf8').digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `wsgi-logdoctor: ${verdictTitle} — ${report.window.start !== null ? formatLocal(report.window.start, zone, 'yyyy-LL-dd') : 'no data'}`;
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<meta name="generator" content="${esc(`${report.tool.name} ${report.tool.version}`)}">\n` +
    `<title>${esc(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n<a class="skip" href="#h-timeline">Skip to the timeline</a>\n<main>\n` +
    parts.join('\n') +
    `\n<footer>Generated by ${esc(report.tool.name)} ${esc(report.tool.version)}. Self-contained page: it loads nothing from the network. Times are local to ${esc(zone)}.</footer>\n</main>\n` +
    `<script>${script}</script>\n</body>\n</html>\n`
  );
}
