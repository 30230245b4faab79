// A postmortem section ready to paste into an incident document or a ticket: summary, impact,
// timeline, root cause with its evidence, the fix (snippet in a fenced block), caveats and how
// to verify. Without a diagnosis it is a parse-level summary. CommonMark with GFM tables: every
// piece of text from the logs or configs is escaped, so a "<VirtualHost>" or a "|" in a path
// renders as written.
import type { Report } from '../model.js';
import { formatLocal, localDaysBetween } from '../time/index.js';
import {
  VERDICT_MEANING,
  affectedMinutes,
  byCode,
  byDay,
  byErrno,
  byGroup,
  distinctBanners,
  formatDuration,
  mpmSeen,
  plural,
  MARKER_WORDS,
  findingWords,
  missingWords,
} from './digest.js';
import { terminalSafeReport } from './terminal.js';
import {
  fmt,
  hostLine,
  recurrence,
  sayDayImpact,
  sayImpact,
  sayRisk,
  testDetail,
  unreadableLine,
} from './words/index.js';

const TIMELINE_LIMIT = 60;

/** Backslash-escape the ASCII punctuation CommonMark gives meaning to inline. */
export function escapeMarkdown(text: string): string {
  const escaped = text.replace(/[\\`*_[\]<>|#~&]/g, (c) => '\\' + c).replace(/\r?\n/g, ' ');
  // A leading "- ", "+ " or "1. " would open a list (a nested one after our own bullet).
  return escaped.replace(/^([-+])(?=\s)/, '\\$1').replace(/^(\d{1,9})([.)])(?=\s)/, '$1\\$2');
}

/** A code span that survives any backticks inside it (CommonMark: a longer fence). */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A table cell: GFM splits cells on "|" even inside code spans, so escape it everywhere. */
function cell(markdown: string): string {
  return markdown.replace(/(?<!\\)\|/g, '\\|');
}

function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`, ...rows.map(line)];
}

/** A fenced block whose fence is longer than any backtick run in the content. */
function fenced(info: string, content: string): string[] {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [fence + info, ...content.split('\n'), fence];
}

export function renderMarkdown(input: Report): string {
  // control characters from the inputs shown escaped (\x1b, \u202e): a reader may cat the file
  const report = terminalSafeReport(input);
  const zone = report.timezone;
  const at = (t: number | null): string => (t === null ? '?' : formatLocal(t, zone));
  const esc = escapeMarkdown;
  const out: string[] = [];
  const total = report.summary.WSGI0116 + report.summary.WSGI0117;
  const window = `${at(report.window.start)} → ${at(report.window.end)} (${esc(zone)})`;
  const days = byDay(report.events, zone);

  const verdict = report.verdict;
  const findings = report.findings ?? [];
  const top = findings.find((f) => f.kind === verdict);
  out.push(`## Postmortem: mod_wsgi daemon connect errors (${esc(verdict)})`, '');
  out.push('### Summary', '');
  let summary = `**${esc(verdict)}**: ${esc(VERDICT_MEANING[verdict])}.`;
  if (total > 0)
    summary += ` ${plural(total, 'connect error')} in ${plural(report.bursts?.length ?? 0, 'burst')} on ${plural(days.length, 'day')}, ${window}.`;
  else summary += ` Window analysed: ${window}.`;
  if (top && verdict !== 'no-errors') summary += ` Confidence ${fmt.confidence(top.confidence)}.`;
  out.push(summary, '');

  out.push('### Impact', '');
  const impact: string[][] = [
    ['Connect errors (each one an HTTP 503 to a client)', String(total)],
    ['WSGI0116 / WSGI0117', `${report.summary.WSGI0116} / ${report.summary.WSGI0117}`],
    ['Affected minutes', String(affectedMinutes(report.events, zone))],
    ['Bursts', String(report.bursts?.length ?? 0)],
    [
      'Days with errors',
      report.window.start !== null && report.window.end !== null
        ? `${days.length} of ${localDaysBetween(report.window.start, report.window.end, zone).length}`
        : String(days.length),
    ],
    [
      'Daemon groups',
      esc(
        byGroup(report.events)
          .map(([g, n]) => `${g} (${n})`)
          .join(', ') || '-',
      ),
    ],
    ['Apache restarts in the log', String(report.summary.restarts)],
  ];
  const mpm = mpmSeen(report);
  if (mpm) impact.push(['MPM (restart markers)', esc(mpm)]);
  const hurt = (report.bursts ?? []).flatMap((b) => (b.impact ? [b.impact] : []));
  if (hurt.length > 0) {
    const sum = (f: (i: (typeof hurt)[number]) => number) => hurt.reduce((a, i) => a + f(i), 0);
    impact.push(
      ['HTTP 503 / 500 in the bursts (access log)', `${sum((i) => i.status503)} / ${sum((i) => i.status500)}`],
      ['Requests in the bursts (access log)', String(sum((i) => i.requests))],
    );
    for (const d of report.accessLog?.perDay ?? []) impact.push([esc(`Access log ${d.day}`), esc(sayDayImpact(d))]);
  }
  out.push(...table(['What', 'Value'], ['l', 'r'], impact), '');

  timeline();

  if (findings.length > 0) {
    out.push('### Root cause', '');
    findings.forEach((f, i) => {
      out.push(
        `${findings.length > 1 ? `${i + 1}. ` : ''}**${esc(f.kind)}** (${f.role}, confidence ${fmt.confidence(f.confidence)}, explains ${fmt.count(f.explains.errors, 'error')}): ${esc(VERDICT_MEANING[f.kind])}.`,
        '',
      );
      for (const e of findingWords(f, zone).evidence) out.push(`${findings.length > 1 ? '   ' : ''}- ${esc(e)}`);
      if (f.evidence.length > 0) out.push('');
    });
    if (report.statistics)
      out.push(
        `Statistics: circular-shift permutation and binomial tail, p = ${fmt.pValue(report.statistics.p)}. ${esc(testDetail(report.statistics))}`,
        '',
      );
    if (report.recurrence) out.push(`Recurrence: ${esc(recurrence(report.recurrence))}.`, '');
  }

  const recs = findings.filter((f) => f.recommendation !== null);
  if (recs.length > 0) {
    out.push('### Fix', '');
    for (const f of recs) {
      const r = f.recommendation!;
      out.push(`For **${esc(f.kind)}**: ${codeSpan(r.directive)} (${esc(r.context)}):`, '');
      out.push(...fenced('apache', findingWords(f, zone).snippet ?? ''), '');
    }
    const caveats = recs.flatMap((f) => findingWords(f, zone).caveats);
    if (caveats.length > 0) {
      out.push('### Caveats', '');
      for (const c of caveats) out.push(`- ${esc(c)}`);
      out.push('');
    }
  }

  const verify = [...new Set(findings.flatMap((f) => findingWords(f, zone).verify))];
  if (verify.length > 0) {
    out.push('### Verification', '');
    for (const v of verify) out.push(`- ${esc(v)}`);
    out.push('');
  }

  if (report.risks.length > 0) {
    out.push('### Risk at the next logrotate reload', '');
    for (const r of report.risks)
      out.push(`- \`${r.code}\`: ${esc(sayRisk(r))} (from ${r.origins.map((o) => `\`${esc(o)}\``).join(', ')})`);
    out.push('');
  }

  if (report.missingEvidence.length > 0) {
    out.push('### What would make this firmer', '');
    for (const m of missingWords(report)) out.push(`- ${esc(m)}`);
    out.push('');
  }

  out.push('<details><summary>Log details</summary>', '');
  parseDetails('####');
  out.push('</details>');
  return out.join('\n') + '\n';

  function timeline(): void {
    type Row = { t: number; order: number; what: string; detail: string };
    const rows: Row[] = [];
    for (const r of report.rotations ?? []) {
      const until = r.end > r.start ? `, until ${formatLocal(r.end, zone, 'HH:mm:ss')}` : '';
      rows.push({
        t: r.start,
        order: 0,
        what: `logrotate run (${esc(r.source)} ${codeSpan(r.spec)}${until})`,
        detail: `action ${esc(r.action)}, ${esc(r.likelihood)}; ${esc(r.origin)}`,
      });
    }
    for (const r of report.restarts) {
      if (r.kind === 'start' && r.marker === 'configured') continue; // one row per restart is enough
      rows.push({
        t: r.time,
        order: 1,
        what: `Apache ${esc(MARKER_WORDS[r.marker] ?? r.marker)}${r.mpm ? ` (${esc(r.mpm)})` : ''}`,
        detail: esc(`${r.file}:${r.line}`),
      });
    }
    (report.bursts ?? []).forEach((b, i) => {
      const codes = Object.entries(b.codes)
        .map(([c, n]) => `${c}×${n}`)
        .join(' ');
      const cause = b.cause ? `after ${b.cause.kind} +${fmt.seconds(b.cause.lagSeconds)}` : 'no trigger found';
      rows.push({
        t: b.start,
        order: 2,
        what: `**Burst #${i + 1}**: ${plural(b.count, 'error')} in ${formatDuration(b.end - b.start)}`,
        detail: esc(
          `${codes}; ${b.groups.join(',') || 'no group'}; ${cause}${b.impact ? `; ${sayImpact(b.impact)}` : ''}`,
        ),
      });
    });
    if (rows.length === 0) return;
    rows.sort((a, b) => a.t - b.t || a.order - b.order);
    out.push(`### Timeline (${esc(zone)})`, '');
    out.push(
      ...table(
        ['Time', 'Event', 'Details'],
        ['l', 'l', 'l'],
        rows.slice(0, TIMELINE_LIMIT).map((r) => [at(r.t), r.what, r.detail]),
      ),
    );
    if (rows.length > TIMELINE_LIMIT)
      out.push('', `… ${rows.length - TIMELINE_LIMIT} more rows; the JSON report (--format json) has them all.`);
    out.push('');
  }

  function parseDetails(h: string): void {
    if (total > 0) {
      out.push(h + ' Connect errors', '');
      const rows: string[][] = [
        ...byCode(report.events).map(([k, n]) => ['code', esc(k), String(n)]),
        ...byGroup(report.events).map(([k, n]) => ['daemon group', esc(k), String(n)]),
        ...byErrno(report.events).map(([k, n]) => ['errno', esc(k), String(n)]),
        ...days.map(([k, n]) => ['day', esc(k), String(n)]),
      ];
      out.push(...table(['By', 'Value', 'Errors'], ['l', 'l', 'r'], rows), '');
    }
    const banners = distinctBanners(report);
    if (banners.length > 0) {
      out.push(h + ' Server versions', '');
      for (const b of banners) out.push(`- ${codeSpan(b.description)} (first seen ${at(b.first)})`);
      out.push('');
    }
    if (report.inputs.length > 0) {
      out.push(h + ' Inputs', '');
      out.push(
        ...table(
          ['File', 'Lines', 'Unparsed', 'First', 'Last'],
          ['l', 'r', 'r', 'l', 'l'],
          report.inputs.map((i) => [
            codeSpan(i.path) + (i.error ? ` (${esc(i.error)})` : ''),
            String(i.lines),
            String(i.unparsed),
            at(i.first),
            at(i.last),
          ]),
        ),
        '',
      );
      for (const i of report.inputs) {
        const u = unreadableLine(i);
        if (u) out.push(`- ${codeSpan(i.path)}: ${esc(u)}`);
      }
      if (report.inputs.some((i) => unreadableLine(i) !== null)) out.push('');
    }
    if (report.hosts.length > 1) {
      out.push(h + ' Hosts (each diagnosed on its own)', '');
      for (const x of report.hosts) out.push(`- ${esc(hostLine(x, report))}`);
      out.push('');
    }
    const ac = report.apacheConfig;
    if (ac) {
      out.push(h + ' Apache configuration', '');
      const v = (x: { value: unknown; origin: string } | null, unset: string): string[] =>
        x ? [codeSpan(String(x.value)), esc(x.origin)] : [esc(unset), ''];
      out.push(
        ...table(
          ['Setting', 'Value', 'From'],
          ['l', 'l', 'l'],
          [
            ['WSGISocketRotation', ...v(ac.socketRotation, 'not set (default On)')],
            ['WSGISocketPrefix', ...v(ac.socketPrefix, 'not set (build default)')],
            ['MPM', ...v(ac.mpm, 'unknown')],
            [
              'KeepAliveTimeout',
              ...v(
                ac.keepAliveTimeout && { value: `${ac.keepAliveTimeout.value} s`, origin: ac.keepAliveTimeout.origin },
                'not set',
              ),
            ],
            ['MaxKeepAliveRequests', ...v(ac.maxKeepAliveRequests, 'not set')],
            ...(ac.errorLogs ?? []).map((l) => [
              `ErrorLog${l.vhost ? ` (${esc(l.vhost)})` : ''}`,
              codeSpan(l.path ?? l.value) +
                (l.kind === 'pipe' ? ' (piped: rotation needs no reload)' : l.kind === 'syslog' ? ' (syslog)' : ''),
              esc(l.origin),
            ]),
            ...ac.daemons.map((d) => [
              `WSGIDaemonProcess ${esc(d.name)}`,
              codeSpan(
                Object.entries(d.options)
                  .map(([k, x]) => `${k}=${x}`)
                  .join(' ') || '(no options)',
              ),
              esc(d.origin),
            ]),
          ],
        ),
        '',
      );
      for (const p of ac.problems) out.push(`- **Problem:** ${esc(p)}`);
      if (ac.problems.length > 0) out.push('');
    }
    if (report.warnings.length > 0) {
      out.push(h + ' Warnings', '');
      for (const w of report.warnings) out.push(`- ${esc(w)}`);
      out.push('');
    }
  }
}
