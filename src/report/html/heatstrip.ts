// The day × time-of-day heat strip: one row per local day, one column per 10 minutes of local
// clock time, darker = more connect errors. A daily rotation problem shows as a vertical stripe
// at the scheduler's time, an overload as scattered cells. Rotation windows are marked in their
// rows (orange ticks under the cells), Apache restarts as black ticks above them. Static SVG: it
// needs no JavaScript and prints as is.
import { fmt, recurrence } from '../words/index.js';
import type { Report } from '../../model.js';
import { formatSecondOfDay, localDayStarts, secondsOfDay } from '../../time/index.js';
import { esc } from './escape.js';

const SLOT = 600; // seconds per column
const COLS = 86_400 / SLOT;
/** Rows drawn at most (the most recent days are kept). */
export const MAX_DAYS = 400;

// Sequential blues, light to dark (lightness carries the value, so it reads without hue).
const RAMP = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c', '#08306b'];

export interface HeatStrip {
  svg: string;
  /** the text alternative, also shown under the figure */
  summary: string;
  days: number;
}

export function renderHeatStrip(report: Report, range: { start: number; end: number }): HeatStrip {
  const zone = report.timezone;
  let days = localDayStarts(range.start, range.end, zone, 'ccc dd LLL');
  let truncated = 0;
  if (days.length > MAX_DAYS) {
    truncated = days.length - MAX_DAYS;
    days = days.slice(-MAX_DAYS);
  }
  const rowOf = (t: number): number => {
    let lo = 0;
    let hi = days.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid]!.t <= t) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  };
  const col = (t: number) => Math.min(COLS - 1, Math.floor(secondsOfDay(t, zone) / SLOT));

  const cells = new Map<number, number>();
  const colDays = new Map<number, Set<number>>();
  for (let i = 0; i < report.events.length; i++) {
    const time = report.events.time(i);
    const r = rowOf(time);
    if (r < 0) continue;
    const c = col(time);
    const k = r * COLS + c;
    cells.set(k, (cells.get(k) ?? 0) + 1);
    let s = colDays.get(c);
    if (!s) colDays.set(c, (s = new Set()));
    s.add(r);
  }
  let max = 0;
  for (const n of cells.values()) if (n > max) max = n;
  const level = (n: number) =>
    max <= 1
      ? RAMP.length - 1
      : Math.min(RAMP.length - 1, Math.floor((Math.log(n) / Math.log(max)) * (RAMP.length - 1) + 0.0001));

  const rowH = days.length <= 14 ? 16 : days.length <= 45 ? 10 : days.length <= 120 ? 6 : 3;
  const left = 92;
  const top = 22;
  const cw = 6;
  const W = left + COLS * cw + 12;
  const H = top + days.length * rowH + 26;
  const out: string[] = [];

  // Text alternative: the busiest 10-minute slot and on how many days it had errors.
  let best = -1;
  let bestDays = 0;
  for (const [c, s] of colDays) {
    if (s.size > bestDays || (s.size === bestDays && c < best)) {
      best = c;
      bestDays = s.size;
    }
  }
  const daysWithErrors = new Set<number>();
  for (const s of colDays.values()) for (const r of s) daysWithErrors.add(r);
  let summary =
    cells.size === 0
      ? `No connect errors on any of the ${days.length} days shown.`
      : `Errors on ${daysWithErrors.size} of ${days.length} days, in ${colDays.size} distinct 10-minute ${fmt.noun(colDays.size, 'slot')} of the day; ` +
        `the most frequent slot is ${formatSecondOfDay(best * SLOT)}–${formatSecondOfDay((best + 1) * SLOT)} (${zone}), with errors on ${bestDays} ${fmt.noun(bestDays, 'day')}.`;
  if (report.recurrence) summary += ` Recurrence found by the analysis: ${recurrence(report.recurrence)}.`;
  if (truncated) summary += ` The first ${truncated} days are not drawn (only the last ${MAX_DAYS}).`;

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="heatstrip" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="hs-title hs-desc">`,
  );
  out.push(
    `<title id="hs-title">Connect errors by day and time of day</title><desc id="hs-desc">${esc(summary)}</desc>`,
  );
  // Hour grid and labels.
  out.push('<g font-size="11" fill="#333">');
  for (let h = 0; h <= 24; h += 1) {
    const xx = left + h * 6 * cw;
    out.push(
      `<line x1="${xx}" x2="${xx}" y1="${top - 4}" y2="${top + days.length * rowH}" stroke="${h % 6 === 0 ? '#999' : '#e6e6e6'}"/>`,
    );
    if (h % 3 === 0 && h < 24) out.push(`<text x="${xx + 2}" y="${top - 8}">${String(h).padStart(2, '0')}:00</text>`);
  }
  out.push('</g>');
  // Day rows: background and labels (every row when they fit, else Mondays and the first row).
  out.push('<g class="days" font-size="10" fill="#333">');
  days.forEach((d, r) => {
    const yy = top + r * rowH;
    out.push(
      `<rect x="${left}" y="${yy}" width="${COLS * cw}" height="${rowH - (rowH > 4 ? 1 : 0)}" fill="${r % 2 ? '#f4f4f4' : '#fafafa'}"/>`,
    );
    // Dense rows: label Mondays, and the first row unless a Monday label follows too closely.
    const firstOk = r === 0 && !days.slice(1, Math.ceil(12 / rowH) + 1).some((x) => x.label.startsWith('Mon'));
    if (rowH >= 10 || d.label.startsWith('Mon') || firstOk)
      out.push(`<text x="${left - 6}" y="${yy + Math.min(rowH, 10) - 1}" text-anchor="end">${esc(d.label)}</text>`);
  });
  out.push('</g>');
  // Rotation windows (under the cells) and restarts (ticks).
  const rotOutlines: string[] = [];
  out.push('<g class="hs-rotations">');
  for (const w of report.rotations ?? []) {
    const r = rowOf(w.start);
    if (r < 0 || w.end < range.start) continue;
    const x0 = left + (secondsOfDay(w.start, zone) / SLOT) * cw;
    const sameDay = rowOf(w.end) === r;
    const x1 = sameDay ? left + (secondsOfDay(w.end, zone) / SLOT) * cw : left + COLS * cw;
    // Outlined as well as filled: an error cell drawn over a short window would hide a fill.
    out.push(
      `<rect class="hs-rotation" x="${x0.toFixed(1)}" y="${top + r * rowH}" width="${Math.max(2, x1 - x0).toFixed(1)}" height="${rowH - (rowH > 4 ? 1 : 0)}" fill="#E69F00" fill-opacity="0.45"/>`,
    );
    rotOutlines.push(
      `<rect x="${(x0 - 1).toFixed(1)}" y="${top + r * rowH}" width="${(Math.max(2, x1 - x0) + 2).toFixed(1)}" height="${rowH - (rowH > 4 ? 1 : 0)}" fill="none" stroke="#E69F00" stroke-width="1.5"/>`,
    );
  }
  out.push('</g><g class="hs-cells">');
  // Neighbouring cells of the same shade in a row merge into one rectangle: a busy 90-day log
  // would otherwise put tens of thousands of elements (and tooltips) into the page.
  const keys = [...cells.keys()].sort((a, b) => a - b);
  const runs: { r: number; c0: number; n: number; lv: number; total: number }[] = [];
  for (let i = 0; i < keys.length;) {
    const k0 = keys[i]!;
    const r = Math.floor(k0 / COLS);
    const lv = level(cells.get(k0)!);
    let total = 0;
    let j = i;
    while (
      j < keys.length &&
      keys[j]! === k0 + (j - i) &&
      Math.floor(keys[j]! / COLS) === r &&
      level(cells.get(keys[j]!)!) === lv
    ) {
      total += cells.get(keys[j]!)!;
      j++;
    }
    runs.push({ r, c0: k0 % COLS, n: j - i, lv, total });
    i = j;
  }
  const cy = (r: number) => top + r * rowH + (rowH > 6 ? 2 : 0);
  const ch = Math.max(2, rowH - (rowH > 6 ? 5 : rowH > 4 ? 1 : 0));
  if (runs.length <= 2500) {
    for (const u of runs) {
      const span =
        u.n === 1
          ? formatSecondOfDay(u.c0 * SLOT)
          : `${formatSecondOfDay(u.c0 * SLOT)}–${formatSecondOfDay((u.c0 + u.n) * SLOT)}`;
      out.push(
        `<rect class="hs-cell" x="${left + u.c0 * cw}" y="${cy(u.r)}" width="${cw * u.n}" height="${ch}" fill="${RAMP[u.lv]}">` +
          `<title>${esc(`${days[u.r]!.label} ${span}: ${u.total} ${fmt.noun(u.total, 'error')}`)}</title></rect>`,
      );
    }
  } else {
    // Very busy logs: one path per shade, no per-cell tooltips (the description above still
    // summarises the strip), to keep the page small.
    const d = RAMP.map(() => [] as string[]);
    for (const u of runs) d[u.lv]!.push(`M${left + u.c0 * cw} ${cy(u.r)}h${cw * u.n}v${ch}h-${cw * u.n}z`);
    d.forEach((parts, lv) => {
      if (parts.length) out.push(`<path class="hs-cell" fill="${RAMP[lv]}" d="${parts.join('')}"/>`);
    });
  }
  out.push(
    `</g><g class="hs-rotation-outlines" aria-hidden="true">${rotOutlines.length <= 2000 ? rotOutlines.join('') : ''}</g><g class="hs-restarts">`,
  );
  for (const rs of report.restarts) {
    const r = rowOf(rs.time);
    if (r < 0) continue;
    const xx = (left + (secondsOfDay(rs.time, zone) / SLOT) * cw).toFixed(1);
    out.push(
      `<line class="hs-restart" x1="${xx}" x2="${xx}" y1="${top + r * rowH}" y2="${top + r * rowH + Math.max(2, Math.min(5, rowH / 2))}" stroke="#000" stroke-width="1.2"/>`,
    );
  }
  out.push('</g>');
  // Legend for the ramp.
  const ly = top + days.length * rowH + 8;
  out.push(`<g class="hs-legend" font-size="10" fill="#333"><text x="${left}" y="${ly + 9}">errors per 10 min:</text>`);
  const steps =
    max <= 1 ? [1] : RAMP.map((_, i) => Math.max(1, Math.round(Math.exp((i / (RAMP.length - 1)) * Math.log(max)))));
  let lx = left + 100;
  const seen = new Set<number>();
  steps.forEach((n) => {
    if (seen.has(n)) return;
    seen.add(n);
    out.push(
      `<rect x="${lx}" y="${ly}" width="12" height="10" fill="${RAMP[level(n)]}" stroke="#999" stroke-width="0.5"/><text x="${lx + 15}" y="${ly + 9}">${n === max ? `${n}` : `≥${n}`}</text>`,
    );
    lx += 52;
  });
  out.push(
    `<rect x="${lx + 10}" y="${ly}" width="12" height="10" fill="#E69F00" fill-opacity="0.45"/><text x="${lx + 26}" y="${ly + 9}">logrotate window</text>`,
  );
  out.push(
    `<line x1="${lx + 136}" x2="${lx + 136}" y1="${ly}" y2="${ly + 10}" stroke="#000" stroke-width="1.5"/><text x="${lx + 142}" y="${ly + 9}">Apache restart</text></g>`,
  );
  out.push('</svg>');
  return { svg: out.join(''), summary, days: days.length };
}
