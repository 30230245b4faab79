// The timeline chart, drawn by ONE function in two places: at render time in Node (the static
// SVG that shows with JavaScript disabled and in print) and in the browser when the reader zooms,
// pans or picks a day (the page embeds `String(drawTimeline)`). So `drawTimeline` must stay
// self-contained: no imports, no references to anything outside its own body, plain ES2022 that
// tsc and vitest's transformer emit unchanged (test/report/html-chart.test.ts runs the
// stringified copy in an empty VM context and compares it with the direct call).
//
// Time-zone work happens before this function: the renderer passes zone-correct local day and
// hour boundaries (computed with luxon in src/time) and the chart only does arithmetic on them.

/** Everything the chart needs, embedded in the page as JSON. Instants are epoch ms. */
export interface ChartData {
  /** the whole analysed range */
  start: number;
  end: number;
  /** width of the embedded bins in ms (1 000 unless capped to a coarser one) */
  res: number;
  /** flat triples: bin start, WSGI0116 count, WSGI0117 count; sorted by time */
  bins: number[];
  /** restart markers: time, kind (graceful | restart | start | stop), tooltip text */
  restarts: [number, string, string][];
  /** rotation windows: start, end, likelihood (certain | likely | possible), tooltip text */
  rotations: [number, number, string, string][];
  /** kinds of neighbouring mod_wsgi messages (origin check, truncated headers, …), indexed below */
  relKinds: string[];
  /** flat triples: bin start, index into relKinds, count */
  related: number[];
  /** bursts: start, end, 1-based number, tooltip text */
  bursts: [number, number, number, string][];
  /** local day starts and labels such as "Mon 17 Nov" */
  days: [number, string][];
  /** the zone's UTC offset in minutes from each instant on (first entry: the offset at start) */
  offsets: [number, number][];
  /** accessible name and long description of the whole chart */
  title: string;
  desc: string;
}

export interface ChartView {
  from: number;
  to: number;
  width: number;
  height: number;
}

export function drawTimeline(d: ChartData, v: ChartView): string {
  const MIN = 60000;
  const HOUR = 3600000;
  const DAY = 86400000;
  const esc = (s: string): string =>
    String(s).replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
    );
  const r1 = (x: number): string => (Math.round(x * 10) / 10).toString();
  const W = Math.max(320, Math.round(v.width));
  const H = Math.max(160, Math.round(v.height));
  const left = 46;
  const right = 14;
  const top = 36; // room above the plot: restart markers (y 3-13), then the burst lane (y 18-28)
  const bottom = 54; // the lane of related messages (y ph+3…ph+13), then the time axis
  const pw = W - left - right;
  const ph = H - top - bottom;
  const from = v.from;
  const to = Math.max(v.to, v.from + MIN);
  const span = to - from;
  const x = (t: number): number => left + ((t - from) / span) * pw;
  const clampX = (t: number): number => Math.min(left + pw, Math.max(left, x(t)));

  // Binary search: index of the last entry whose instant is <= t (or -1).
  const floorIdx = (arr: [number, unknown][], t: number): number => {
    let lo = 0;
    let hi = arr.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((arr[mid] as [number, unknown])[0] <= t) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  };
  const offsetAt = (t: number): number => {
    const i = floorIdx(d.offsets, t);
    const e = d.offsets[Math.max(0, i)];
    return e ? e[1] * MIN : 0;
  };
  // Local clock time as if it were UTC: only for labels and for aligning bins to the clock.
  const local = (t: number): number => t + offsetAt(t);
  const clockLabel = (t: number): string => new Date(local(t)).toISOString().slice(11, 16);
  const clockLabelS = (t: number): string => new Date(local(t)).toISOString().slice(11, 19);
  const dayLabel = (t: number): string => {
    const i = floorIdx(d.days, t);
    return i >= 0 ? (d.days[i] as [number, string])[1] : new Date(t).toISOString().slice(0, 10);
  };

  // Aggregate: about one bar per 2-3 pixels at most, never finer than the embedded data.
  const SEC = 1000;
  const sizes = [SEC, 10 * SEC, MIN, 10 * MIN, HOUR, DAY];
  let size = DAY;
  for (const s of sizes) {
    if (s >= d.res && span / s <= pw / 2.2) {
      size = s;
      break;
    }
  }
  if (size < d.res) size = d.res;
  const binOf = (t: number): number => {
    if (size === DAY) {
      const i = floorIdx(d.days, t);
      return i >= 0 ? (d.days[i] as [number, string])[0] : Math.floor(t / DAY) * DAY;
    }
    const off = offsetAt(t);
    return Math.floor((t + off) / size) * size - off;
  };
  const binEnd = (b: number): number => {
    if (size === DAY) {
      const i = floorIdx(d.days, b);
      const next = d.days[i + 1];
      return next ? next[0] : b + DAY;
    }
    return b + size;
  };
  const agg = new Map<number, [number, number]>();
  for (let i = 0; i + 2 < d.bins.length; i += 3) {
    const t = d.bins[i] as number;
    if (t + d.res <= from || t >= to) continue;
    const b = binOf(t);
    const cur = agg.get(b) ?? [0, 0];
    cur[0] += d.bins[i + 1] as number;
    cur[1] += d.bins[i + 2] as number;
    agg.set(b, cur);
  }
  let max = 0;
  let total116 = 0;
  let total117 = 0;
  for (const [, c] of agg) {
    max = Math.max(max, c[0] + c[1]);
    total116 += c[0];
    total117 += c[1];
  }
  // Integer grid steps (1, 2, 5, 10, 20, 25, 50, …) and a maximum that is a multiple of the step.
  let ystep = 1;
  for (let p = 1; ; p *= 10) {
    const c = [p, 2 * p, 2.5 * p, 5 * p].find((k) => Number.isInteger(k) && Math.max(1, max) / k <= 5);
    if (c !== undefined) {
      ystep = c;
      break;
    }
  }
  const ymax = Math.max(1, Math.ceil(max / ystep)) * ystep;
  const y = (n: number): number => top + ph - (n / ymax) * ph;
  const unit =
    size === SEC
      ? 'second'
      : size === 10 * SEC
        ? '10 seconds'
        : size === MIN
          ? 'minute'
          : size === 10 * MIN
            ? '10 minutes'
            : size === HOUR
              ? 'hour'
              : 'day';
  const binLabel = size < MIN ? clockLabelS : clockLabel;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="tl-title tl-desc"` +
      ` data-from="${from}" data-to="${to}" data-left="${left}" data-plotw="${pw}" data-bin="${unit}">`,
  );
  out.push(`<title id="tl-title">${esc(d.title)}</title>`);
  out.push(
    `<desc id="tl-desc">${esc(d.desc)} This view: ${esc(dayLabel(from))} ${esc(clockLabelS(from))} to ${esc(dayLabel(to))} ${esc(clockLabelS(to))}, ` +
      `errors per ${unit}: ${total116} WSGI0116 and ${total117} WSGI0117.</desc>`,
  );
  out.push(
    '<defs><pattern id="hatch117" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="5" height="5" fill="#D55E00"/><line x1="0" y1="0" x2="0" y2="5" stroke="#fff" stroke-width="1.2"/></pattern>' +
      '<pattern id="hatchrot" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">' +
      '<line x1="0" y1="0" x2="0" y2="6" stroke="#E69F00" stroke-width="1.5"/></pattern>' +
      `<clipPath id="plotclip"><rect x="${left}" y="0" width="${pw}" height="${H}"/></clipPath></defs>`,
  );
  out.push(`<rect class="plot-bg" x="${left}" y="${top}" width="${pw}" height="${ph}" fill="#fbfbfb" stroke="#bbb"/>`);

  // Rotation windows: shaded bands (behind everything). A band narrower than 3 px is widened so
  // a one-minute cron window stays visible on a 90-day view.
  out.push('<g class="rotations" clip-path="url(#plotclip)">');
  for (const r of d.rotations) {
    if (r[1] < from || r[0] > to) continue;
    const x0 = clampX(r[0]);
    const x1 = Math.max(clampX(r[1]), x0 + 3);
    const fill = r[2] === 'possible' ? 'url(#hatchrot)' : '#E69F00';
    const op = r[2] === 'certain' ? 0.38 : r[2] === 'likely' ? 0.26 : 1;
    out.push(
      `<rect class="rotation" data-likelihood="${esc(r[2])}" x="${r1(x0)}" y="${top}" width="${r1(x1 - x0)}" height="${ph}" fill="${fill}" fill-opacity="${op}"` +
        `${r[2] === 'possible' ? ' stroke="#E69F00" stroke-dasharray="3 2"' : ''}><title>${esc(r[3])}</title></rect>`,
    );
  }
  // A tick in the strip above the plot too: bars in the same bin would otherwise hide the band.
  for (const r of d.rotations) {
    if (r[1] < from || r[0] > to) continue;
    const x0 = clampX(r[0]);
    const x1 = clampX(r[1]);
    // At least 8 px wide, centred, so a one-minute cron window shows on a multi-day view.
    const w = Math.max(8, x1 - x0);
    out.push(
      `<rect x="${r1((x0 + x1) / 2 - w / 2)}" y="29" width="${r1(w)}" height="5" fill="#E69F00" stroke="#a86f00" stroke-width="0.6" aria-hidden="true"/>`,
    );
  }
  out.push('</g>');

  // Horizontal grid and y labels.
  out.push('<g class="yaxis" font-size="11" fill="#333">');
  for (let val = 0; val <= ymax; val += ystep) {
    const yy = y(val);
    out.push(`<line x1="${left}" x2="${left + pw}" y1="${r1(yy)}" y2="${r1(yy)}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${left - 6}" y="${r1(yy + 4)}" text-anchor="end">${val}</text>`);
  }
  out.push(
    `<text x="12" y="${r1(top + ph / 2)}" transform="rotate(-90 12 ${r1(top + ph / 2)})" text-anchor="middle">errors / ${unit}</text>`,
  );
  out.push('</g>');

  // X ticks: local clock times (or local days), from the zone-correct boundaries.
  const steps = [
    SEC,
    5 * SEC,
    10 * SEC,
    15 * SEC,
    30 * SEC,
    MIN,
    2 * MIN,
    5 * MIN,
    10 * MIN,
    15 * MIN,
    30 * MIN,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
  ];
  const maxTicks = Math.max(3, Math.floor(pw / 90));
  const ticks: [number, string, boolean][] = [];
  let step = 0;
  for (const s of steps) {
    if (span / s <= maxTicks) {
      step = s;
      break;
    }
  }
  if (step) {
    const off0 = offsetAt(from);
    // Ticks at round local clock times; re-aligned after an offset change (DST).
    for (let t = Math.ceil((from + off0) / step) * step - off0; t <= to;) {
      const lbl = step < MIN ? clockLabelS(t) : clockLabel(t);
      const midnight = lbl.startsWith('00:00');
      ticks.push([t, midnight ? dayLabel(t) : lbl, midnight]);
      const next = t + step;
      const off = offsetAt(next);
      t = Math.ceil((next + off) / step) * step - off;
      if (t <= (ticks[ticks.length - 1] as [number, string, boolean])[0]) t = next;
    }
  } else {
    const nd = Math.max(1, Math.ceil(span / DAY / maxTicks));
    const every = nd <= 1 ? 1 : nd <= 2 ? 2 : nd <= 7 ? 7 : nd <= 14 ? 14 : 30;
    let k = 0;
    for (const day of d.days) {
      if (day[0] < from || day[0] > to) continue;
      if (k++ % every === 0) ticks.push([day[0], day[1], true]);
    }
  }
  out.push(`<g class="xaxis" font-size="11" fill="#333">`);
  for (const tk of ticks) {
    const xx = x(tk[0]);
    out.push(
      `<line x1="${r1(xx)}" x2="${r1(xx)}" y1="${top}" y2="${top + ph + 18}" stroke="${tk[2] ? '#999' : '#e3e3e3'}"/>`,
    );
    out.push(
      `<text x="${r1(xx)}" y="${top + ph + 30}" text-anchor="middle"${tk[2] ? ' font-weight="600"' : ''}>${esc(tk[1])}</text>`,
    );
  }
  if (step) out.push(`<text x="${left}" y="${top + ph + 46}" fill="#555">${esc(dayLabel(from))}</text>`);
  out.push('</g>');

  // Bars: WSGI0116 solid blue at the bottom, WSGI0117 hatched vermillion stacked on top, so the
  // two codes differ by texture as well as by colour. The hatch is saturated with white stripes and
  // a dark outline: the pale orange logrotate bands behind must never look like error bars.
  out.push('<g class="bars" clip-path="url(#plotclip)">');
  const keys = [...agg.keys()].sort((a, b) => a - b);
  for (const b of keys) {
    const c = agg.get(b) as [number, number];
    const x0 = x(b);
    const bw = Math.max(1.2, x(binEnd(b)) - x0 - (pw / (span / size) > 4 ? 1 : 0));
    const tip = `${dayLabel(b)} ${binLabel(b)}, per ${unit}: ${c[0]} WSGI0116, ${c[1]} WSGI0117`;
    if (c[0] > 0) {
      out.push(
        `<rect class="bar w116" x="${r1(x0)}" y="${r1(y(c[0]))}" width="${r1(bw)}" height="${r1(top + ph - y(c[0]))}" fill="#0072B2"><title>${esc(tip)}</title></rect>`,
      );
    }
    if (c[1] > 0) {
      const yb = y(c[0]);
      const yt = y(c[0] + c[1]);
      out.push(
        `<rect class="bar w117" x="${r1(x0)}" y="${r1(yt)}" width="${r1(bw)}" height="${r1(Math.max(1, yb - yt))}" fill="url(#hatch117)" stroke="#6b2a00" stroke-width="1"><title>${esc(tip)}</title></rect>`,
      );
    }
  }
  out.push('</g>');

  // Related mod_wsgi messages (the origin-check rejections and truncated responses that replace
  // the connect errors when rotation is off): bluish-green diamonds in a lane under the plot.
  const rel = new Map<number, number[]>();
  for (let i = 0; i + 2 < d.related.length; i += 3) {
    const t = d.related[i] as number;
    if (t + d.res <= from || t >= to) continue;
    const b = binOf(t);
    let c = rel.get(b);
    if (!c) rel.set(b, (c = d.relKinds.map(() => 0)));
    const k = d.related[i + 1] as number;
    c[k] = (c[k] as number) + (d.related[i + 2] as number);
  }
  if (d.relKinds.length)
    out.push(`<text x="${left - 6}" y="${top + ph + 12}" text-anchor="end" fill="#00674b" font-size="10">other</text>`);
  out.push('<g class="related-lane">');
  for (const [b, c] of rel) {
    const xc = r1((x(b) + x(binEnd(b))) / 2);
    const n = c.reduce((a, v) => a + v, 0);
    const parts = c.map((v, k) => (v ? `${d.relKinds[k]} × ${v}` : '')).filter((p) => p);
    out.push(
      `<path class="related" d="M${xc} ${top + ph + 3} l5 5 l-5 5 l-5 -5 z" fill="#009E73" stroke="#00674b" stroke-width="0.8"><title>${esc(`${dayLabel(b)} ${binLabel(b)}, per ${unit}: ${n} related mod_wsgi message${n === 1 ? '' : 's'}: ${parts.join(', ')}`)}</title></path>`,
    );
  }
  out.push('</g>');

  // Bursts: a numbered bar in a lane above the plot (so it never hides the error bars) and, when
  // few enough to tell apart, a faint shading of their span in the plot.
  const inView = d.bursts.filter((bu) => !(bu[1] < from || bu[0] > to));
  const shade = inView.length <= 30;
  out.push(
    `<g class="bursts" font-size="11"><text x="${left - 6}" y="27" text-anchor="end" fill="#8a3f6c" font-size="10">bursts</text>`,
  );
  let lastLabelEnd = -1e9;
  // Restart markers (drawn below) are 10 px wide and their dashed line crosses the burst lane:
  // a burst's number never goes where it would touch one.
  const markerXs = d.restarts.filter((rs) => rs[0] >= from && rs[0] <= to).map((rs) => x(rs[0]));
  const clear = (a: number, b: number): boolean => markerXs.every((mx) => mx < a - 6 || mx > b + 6);
  if (inView.length > 200) {
    // Hundreds of bursts in view: bars closer than a pixel merge into one (numbers in a tooltip).
    let run: [number, number, number, number] | null = null; // x0, x1, first no., last no.
    const flush = () => {
      if (!run) return;
      const label = run[2] === run[3] ? `Burst #${run[2]}` : `Bursts #${run[2]}–#${run[3]}`;
      out.push(
        `<rect class="burst" data-burst="${run[2]}" x="${r1(run[0])}" y="18" width="${r1(run[1] - run[0])}" height="10" fill="#CC79A7" stroke="#8a3f6c" stroke-width="1"><title>${label}</title></rect>`,
      );
    };
    for (const bu of inView) {
      const x0 = clampX(bu[0]);
      const x1 = Math.max(clampX(bu[1]), x0 + 4);
      if (run && x0 <= run[1] + 1) {
        run[1] = Math.max(run[1], x1);
        run[3] = bu[2];
      } else {
        flush();
        run = [x0, x1, bu[2], bu[2]];
      }
    }
    flush();
  }
  if (inView.length <= 200)
    inView.forEach((bu, i) => {
      // At least 8 px wide (centred on its span), so a one-second burst shows at every zoom.
      const b0 = clampX(bu[0]);
      const b1 = clampX(bu[1]);
      const grow = Math.max(0, 8 - (b1 - b0)) / 2;
      const x0 = Math.max(left, b0 - grow);
      const x1 = Math.min(left + pw, Math.max(b1 + grow, x0 + 8));
      if (shade)
        out.push(
          `<rect x="${r1(x0)}" y="${top}" width="${r1(x1 - x0)}" height="${ph}" fill="#CC79A7" fill-opacity="0.12" aria-hidden="true"/>`,
        );
      out.push(
        `<rect class="burst" data-burst="${bu[2]}" x="${r1(x0)}" y="18" width="${r1(x1 - x0)}" height="10" fill="#CC79A7" stroke="#8a3f6c" stroke-width="1" rx="2"><title>${esc(bu[3])}</title></rect>`,
      );
      // The number goes right of the bar when it fits before the next bar and after the last label.
      const label = `#${bu[2]}`;
      const lx = x1 + 3;
      const lw = label.length * 7;
      const next = inView[i + 1];
      const room = next ? clampX(next[0]) - 3 : left + pw;
      const lxLeft = x0 - 3 - lw;
      if (lx > lastLabelEnd + 4 && lx + lw < room && clear(lx, lx + lw)) {
        out.push(
          `<text class="burst-label" x="${r1(lx)}" y="27" fill="#8a3f6c" font-weight="600" aria-hidden="true">${label}</text>`,
        );
        lastLabelEnd = lx + lw;
      } else if (
        lxLeft > lastLabelEnd + 4 &&
        lxLeft > left &&
        clear(lxLeft, lxLeft + lw) &&
        (i === 0 || lxLeft > clampX((inView[i - 1] as [number, number, number, string])[1]) + 6)
      ) {
        // No room on the right (the last burst at the edge, a close neighbour, a restart marker): the left.
        out.push(
          `<text class="burst-label" x="${r1(lxLeft)}" y="27" fill="#8a3f6c" font-weight="600" aria-hidden="true">${label}</text>`,
        );
        lastLabelEnd = x1;
      }
      // else: no label; the number is in the bar's tooltip and the bursts table
    });
  out.push('</g>');

  // Restarts: a dashed line through the plot and a shaped marker above it (shape = kind).
  const restartsInView = d.restarts.filter((rs) => rs[0] >= from && rs[0] <= to).length;
  // Many restarts (a 90-day view): keep the markers, fade the lines so the bars stay readable.
  const lineOpacity = restartsInView > 40 ? 0.2 : 0.7;
  out.push('<g class="restarts">');
  for (const rs of d.restarts) {
    if (rs[0] < from || rs[0] > to) continue;
    const xx = r1(x(rs[0]));
    const m =
      rs[1] === 'graceful'
        ? `<path d="M${xx} 13 l-5 -9 h10 z" fill="#000"/>`
        : rs[1] === 'restart'
          ? `<rect x="${r1(x(rs[0]) - 4.5)}" y="4" width="9" height="9" fill="#000"/>`
          : rs[1] === 'start'
            ? `<circle cx="${xx}" cy="8.5" r="4.5" fill="#fff" stroke="#000" stroke-width="1.5"/>`
            : `<path d="M${r1(x(rs[0]) - 4)} 4.5 l8 8 m0 -8 l-8 8" stroke="#000" stroke-width="2"/>`;
    out.push(
      `<g class="restart" data-kind="${esc(rs[1])}"><title>${esc(rs[2])}</title><line x1="${xx}" x2="${xx}" y1="14" y2="${top + ph}" stroke="#000" stroke-width="1" stroke-dasharray="4 3" stroke-opacity="${lineOpacity}"/>${m}</g>`,
    );
  }
  out.push('</g>');
  if (keys.length === 0) {
    out.push(
      `<text class="empty" x="${left + pw / 2}" y="${top + ph / 2}" text-anchor="middle" fill="#555" font-size="13">no WSGI0116/WSGI0117 errors in this range</text>`,
    );
  }
  out.push('</svg>');
  return out.join('');
}
