// Turns a Report into the chart's embedded data (ChartData): events aggregated into sparse
// per-minute bins (coarser only when a huge log would otherwise embed too many), restart
// markers, rotation windows and bursts with their tooltips, and the zone-correct local day and
// hour boundaries the chart labels its axis with. All zone work goes through src/time.
import { fmt } from '../words/index.js';
import type { Report, RotationWindow } from '../../model.js';
import { formatLocal, localDayStarts, utcOffsetChanges } from '../../time/index.js';
import type { ChartData } from './chart-core.js';

const MIN = 60_000;

/** Limits on what the page embeds, so a log with millions of lines still gives a small file. */
export const LIMITS = {
  /** non-empty bins embedded for the interactive chart */
  bins: 12_000,
  /** restart markers embedded */
  restarts: 5_000,
  /** rotation windows embedded */
  rotations: 5_000,
  /** bursts drawn */
  bursts: 2_000,
};

export interface ChartBuild {
  data: ChartData;
  /** what was left out or coarsened, for the page to say */
  notes: string[];
}

/** The analysed range: the report window, widened to cover every drawn item. */
export function chartRange(report: Report): { start: number; end: number } | null {
  let start = report.window.start ?? Infinity;
  let end = report.window.end ?? -Infinity;
  for (let i = 0; i < report.events.length; i++) {
    const t = report.events.time(i);
    if (t < start) start = t;
    if (t > end) end = t;
  }
  for (const r of report.restarts) {
    if (r.time < start) start = r.time;
    if (r.time > end) end = r.time;
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  if (end - start < 10 * MIN) {
    // A handful of lines: show at least ten minutes around them.
    const mid = (start + end) / 2;
    start = mid - 5 * MIN;
    end = mid + 5 * MIN;
  }
  // A little room at both ends so the first and last bars are not glued to the axes.
  const pad = Math.round((end - start) * 0.02);
  return { start: start - pad, end: end + pad };
}

function rotationText(r: RotationWindow, zone: string): string {
  const fmt = (t: number) => formatLocal(t, zone, 'yyyy-LL-dd HH:mm:ss');
  const when = r.end > r.start ? `${fmt(r.start)} – ${formatLocal(r.end, zone, 'HH:mm:ss')}` : fmt(r.start);
  return `logrotate ${r.likelihood}: ${when} (${r.source} ${r.spec}, ${r.origin}; postrotate: ${r.action})${r.reason ? ` — ${r.reason}` : ''}`;
}

export function buildChartData(report: Report): ChartBuild | null {
  const range = chartRange(report);
  if (!range) return null;
  const zone = report.timezone;
  const notes: string[] = [];
  const { start, end } = range;

  // Sparse bins, coarser steps only when there are too many non-empty ones.
  let res = MIN;
  let bins = new Map<number, [number, number]>();
  // Seconds first: a rotation burst lasts about a second after the restart marker, and a
  // zoomed view should show the errors after it, not in the same minute bar.
  for (const candidate of [1000, 10_000, MIN, 10 * MIN, 60 * MIN, 24 * 60 * MIN]) {
    res = candidate;
    bins = new Map();
    const ev = report.events;
    for (let i = 0; i < ev.length; i++) {
      const t = ev.time(i);
      if (!Number.isFinite(t)) continue;
      const b = Math.floor(t / res) * res;
      let c = bins.get(b);
      if (!c) {
        c = [0, 0];
        bins.set(b, c);
      }
      c[ev.code(i) === 'WSGI0116' ? 0 : 1]++;
    }
    if (bins.size <= LIMITS.bins) break;
  }
  if (res > MIN)
    notes.push(
      `The timeline embeds errors per ${res / MIN} minutes (not per second or minute): this log has too many distinct error times to embed them all.`,
    );
  const flat: number[] = [];
  for (const b of [...bins.keys()].sort((a, b) => a - b)) {
    const c = bins.get(b) as [number, number];
    flat.push(b, c[0], c[1]);
  }

  // Related messages at the same resolution, one triple per (bin, kind).
  const relKinds = [...new Set(report.related.map((r) => r.kind))].sort();
  const relBins = new Map<string, number>();
  for (const r of report.related) {
    if (!Number.isFinite(r.time)) continue;
    const k = `${Math.floor(r.time / res) * res}|${relKinds.indexOf(r.kind)}`;
    relBins.set(k, (relBins.get(k) ?? 0) + 1);
  }
  const related: number[] = [];
  const relKeys = [...relBins.keys()]
    .map((k) => k.split('|').map(Number) as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [t, kind] of relKeys.slice(0, LIMITS.bins)) related.push(t, kind, relBins.get(`${t}|${kind}`)!);
  if (relKeys.length > LIMITS.bins)
    notes.push(
      `The timeline shows related mod_wsgi messages only up to ${formatLocal(relKeys[LIMITS.bins - 1]![0], zone)}.`,
    );

  const restarts: ChartData['restarts'] = [];
  for (const r of report.restarts.slice(0, LIMITS.restarts)) {
    restarts.push([
      r.time,
      r.kind,
      `Apache ${r.marker}${r.mpm ? ` (${r.mpm})` : ''} at ${formatLocal(r.time, zone, 'yyyy-LL-dd HH:mm:ss.SSS')} — ${r.file}:${r.line}`,
    ]);
  }
  if (report.restarts.length > LIMITS.restarts)
    notes.push(
      `The timeline shows the first ${LIMITS.restarts} of ${report.restarts.length} Apache lifecycle markers.`,
    );

  const rotations: ChartData['rotations'] = [];
  const allRot = report.rotations ?? [];
  for (const r of allRot.slice(0, LIMITS.rotations))
    rotations.push([r.start, r.end, r.likelihood, rotationText(r, zone)]);
  if (allRot.length > LIMITS.rotations)
    notes.push(`The timeline shows the first ${LIMITS.rotations} of ${allRot.length} rotation windows.`);

  const bursts: ChartData['bursts'] = [];
  const allBursts = report.bursts ?? [];
  allBursts.slice(0, LIMITS.bursts).forEach((b, i) => {
    const cause = b.cause ? `; ${b.cause.kind} +${fmt.seconds(b.cause.lagSeconds)}` : '; no cause';
    bursts.push([
      b.start,
      b.end,
      i + 1,
      `Burst #${i + 1}: ${fmt.count(b.count, 'error')}, ${formatLocal(b.start, zone)}–${formatLocal(b.end, zone, 'HH:mm:ss')}${cause}`,
    ]);
  });
  if (allBursts.length > LIMITS.bursts)
    notes.push(`The timeline outlines the first ${LIMITS.bursts} of ${allBursts.length} bursts.`);

  const days = localDayStarts(start, end, zone, 'ccc dd LLL').map((b) => [b.t, b.label] as [number, string]);
  const s116 = report.summary.WSGI0116;
  const s117 = report.summary.WSGI0117;
  const desc =
    `Bar chart of mod_wsgi daemon connect errors over time (${report.timezone}), ${formatLocal(start, zone, 'yyyy-LL-dd HH:mm')} to ${formatLocal(end, zone, 'yyyy-LL-dd HH:mm')}: ` +
    `${s116} WSGI0116 (solid blue) and ${s117} WSGI0117 (hatched vermillion); ${fmt.count(report.restarts.length, 'Apache lifecycle marker')} — restarts, starts and stops (black dashed lines); ` +
    `${fmt.count(allRot.length, 'logrotate window')} (orange bands); ${fmt.count(allBursts.length, 'burst')} (purple bars above the plot)${report.related.length ? `; ${fmt.count(report.related.length, 'related mod_wsgi message')} such as origin-check rejections (green diamonds under the plot)` : ''}.`;
  return {
    data: {
      start,
      end,
      res,
      bins: flat,
      relKinds,
      related,
      restarts,
      rotations,
      bursts,
      days,
      offsets: utcOffsetChanges(start, end, zone).map((o) => [o.t, o.offset] as [number, number]),
      title: 'Timeline of connect errors, Apache restarts and logrotate runs',
      desc,
    },
    notes,
  };
}
