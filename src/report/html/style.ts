// The page's stylesheet. Palette: Okabe & Ito's colour-blind-safe set (blue #0072B2, vermillion
// #D55E00, orange #E69F00, reddish purple #CC79A7, bluish green #009E73), and every distinction
// the chart makes by colour is also made by shape or texture. System fonts only: the page must
// make no request.
export const CSS = `
:root { --fg:#1b1b1b; --muted:#555; --line:#d6d6d6; --bg:#fff; --soft:#f5f6f8; --accent:#0072B2; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: var(--bg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 1.35rem; margin: 0 0 2px; }
h2 { font-size: 1.12rem; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 18px 0 6px; }
p { margin: 6px 0; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.86em; }
.meta { color: var(--muted); font-size: 0.9rem; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; outline: 2px solid var(--accent); }
.verdict { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 8px 24px; border: 1px solid var(--line); border-left: 8px solid #777; border-radius: 6px; padding: 14px 18px; margin: 16px 0; background: var(--soft); }
.verdict.sev-problem { border-left-color: #D55E00; }
.verdict.sev-ok { border-left-color: #009E73; }
.verdict.sev-unknown { border-left-color: #777; }
.verdict .label { font-size: 0.78rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.verdict .kind { font-size: 1.45rem; font-weight: 700; line-height: 1.2; }
.verdict .explain { margin-top: 4px; }
.conf { text-align: right; min-width: 150px; }
.conf .pct { font-size: 1.6rem; font-weight: 700; }
.conf meter { width: 150px; height: 12px; }
.counts { display: flex; flex-wrap: wrap; gap: 8px 22px; grid-column: 1 / -1; margin: 6px 0 0; padding: 0; list-style: none; }
.counts li b { font-size: 1.1rem; }
.rec { border: 1px solid #9bc3e0; background: #f1f7fc; border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.rec h3 { margin-top: 0; }
.snippet-wrap { display: flex; flex-direction: column; }
pre.snippet { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 10px 12px; overflow-x: auto; white-space: pre; margin: 4px 0 8px; }
button { font: inherit; font-size: 0.85rem; padding: 3px 10px; border: 1px solid #8a8a8a; border-radius: 4px; background: #fff; color: var(--fg); cursor: pointer; }
button:hover { background: #eef3f8; }
button:focus-visible, select:focus-visible, .timeline-box:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
/* above the snippet, never over it: a narrow screen scrolls the code, not under the button */
button.copy { align-self: flex-end; order: -1; }
ul.caveats li, ul.evidence li { margin: 3px 0; }
.finding { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; margin: 12px 0; }
.finding .fk { font-weight: 700; }
figure { margin: 12px 0; }
figcaption { font-size: 0.88rem; color: var(--muted); margin-top: 4px; }
.timeline-box { position: relative; width: 100%; border: 1px solid var(--line); border-radius: 4px; background: #fff; touch-action: pan-y; cursor: crosshair; }
.timeline-box svg { display: block; width: 100%; height: auto; }
.selection { position: absolute; top: 0; bottom: 0; background: rgba(0,114,178,.15); border: 1px solid #0072B2; pointer-events: none; }
.controls { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0; }
.controls select { font: inherit; font-size: 0.85rem; padding: 2px 4px; }
.controls .hint { color: var(--muted); font-size: 0.82rem; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; list-style: none; padding: 0; margin: 6px 0; font-size: 0.86rem; }
.legend svg { vertical-align: -2px; margin-right: 5px; }
.heat-wrap { overflow-x: auto; }
.heat-wrap svg { width: 100%; max-width: 1072px; height: auto; }
.notes { font-size: 0.86rem; color: #6b4a00; background: #fff8e6; border: 1px solid #f0d79a; border-radius: 4px; padding: 6px 10px; }
table { border-collapse: collapse; width: 100%; font-size: 0.86rem; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.path, td .path { word-break: break-all; }
.table-wrap { overflow-x: auto; }
.table-wrap.tall { max-height: 520px; overflow-y: auto; }
.table-wrap.tall thead th { position: sticky; top: 0; z-index: 1; }
.tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 0.8rem; border: 1px solid #999; background: #fff; }
.tag.c116 { border-color: #0072B2; color: #004f7c; }
.tag.c117 { border-color: #D55E00; color: #8f3d00; border-style: dashed; }
.none { color: var(--muted); font-style: italic; }
details summary { cursor: pointer; }
footer { margin-top: 40px; font-size: 0.82rem; color: var(--muted); border-top: 1px solid var(--line); padding-top: 8px; }
@media (max-width: 640px) { main { padding: 12px; } .verdict { grid-template-columns: 1fr; } .conf { text-align: left; } }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .controls, button, .skip, #nojs-note { display: none !important; }
  .timeline-box { border: none; cursor: auto; }
  h2 { break-after: avoid; }
  figure, .verdict, .rec, .finding, tr { break-inside: avoid; }
  .table-wrap.tall { max-height: none; overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
`;
