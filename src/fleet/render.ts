// The roll-up's four formats. Every value comes from a report file of another host, so text is
// escaped for the terminal, markdown cells for pipes, and HTML for markup.
import { needsAction, type Fleet, type FleetRow } from './read.js';

export type FleetFormat = 'text' | 'markdown' | 'html' | 'json';
export const FLEET_FORMATS: readonly FleetFormat[] = ['text', 'markdown', 'html', 'json'];

const HEAD = ['host', 'verdict', 'bursts', 'errors', '503s', 'risk', 'fix in effect', 'mod_wsgi', 'MPM', 'action'];

function cells(r: FleetRow): string[] {
  return [
    r.host,
    r.verdict,
    String(r.bursts),
    String(r.errors),
    r.status503 === null ? '-' : String(r.status503),
    r.risks.length > 0 ? r.risks.join(', ') : '-',
    r.fixInEffect,
    r.modWsgi ?? '-',
    r.mpm ?? '-',
    r.action ?? '-',
  ];
}

/** Control characters from a foreign report never reach the terminal as they are. */
function visible(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function summaryLine(f: Fleet): string {
  const acting = f.rows.filter(needsAction).length;
  return `${f.rows.length} host${f.rows.length === 1 ? '' : 's'}, ${acting} needing action${
    f.skipped.length > 0 ? `, ${f.skipped.length} file${f.skipped.length === 1 ? '' : 's'} skipped` : ''
  }`;
}

function renderText(f: Fleet): string {
  const table = [HEAD, ...f.rows.map((r) => cells(r).map(visible))];
  const widths = HEAD.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const lines = table.map((row) =>
    row
      .map((v, c) => (c >= 2 && c <= 4 ? v.padStart(widths[c]!) : v.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
  const out = [summaryLine(f), '', ...lines];
  for (const s of f.skipped) out.push(`skipped ${visible(s.file)}: ${visible(s.reason)}`);
  return out.join('\n') + '\n';
}

function mdCell(s: string): string {
  return visible(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`');
}

function renderMarkdown(f: Fleet): string {
  const out = ['# mod_wsgi fleet roll-up', '', summaryLine(f) + '.', ''];
  out.push(`| ${HEAD.join(' | ')} |`, `| ${HEAD.map((_, c) => (c >= 2 && c <= 4 ? '---:' : '---')).join(' | ')} |`);
  for (const r of f.rows) out.push(`| ${cells(r).map(mdCell).join(' | ')} |`);
  if (f.skipped.length > 0) {
    out.push('', '**Skipped files**', '');
    for (const s of f.skipped) out.push(`- \`${mdCell(s.file)}\`: ${mdCell(s.reason)}`);
  }
  return out.join('\n') + '\n';
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function renderHtml(f: Fleet): string {
  const rows = f.rows
    .map(
      (r) =>
        `<tr class="${needsAction(r) ? 'act' : 'ok'}">${cells(r)
          .map((v, c) => `<td${c >= 2 && c <= 4 ? ' class="n"' : ''}>${esc(v)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  const skipped =
    f.skipped.length > 0
      ? `<h2>Skipped files</h2><ul>${f.skipped.map((s) => `<li><code>${esc(s.file)}</code>: ${esc(s.reason)}</li>`).join('')}</ul>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mod_wsgi fleet roll-up</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}
table{border-collapse:collapse}th,td{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}tr.act td:first-child{border-left:4px solid #d55e00}
tr.ok td:first-child{border-left:4px solid #009e73}
</style></head><body>
<h1>mod_wsgi fleet roll-up</h1>
<p>${esc(summaryLine(f))}.</p>
<table><thead><tr>${HEAD.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
${skipped}
</body></html>
`;
}

function renderJson(f: Fleet): string {
  return JSON.stringify({ tool: 'wsgi-logdoctor fleet', hosts: f.rows, skipped: f.skipped }, null, 2) + '\n';
}

export function renderFleet(f: Fleet, format: FleetFormat): string {
  switch (format) {
    case 'text':
      return renderText(f);
    case 'markdown':
      return renderMarkdown(f);
    case 'html':
      return renderHtml(f);
    case 'json':
      return renderJson(f);
  }
}
