// renderHtml as a pure function: escaping, self-containment, the CSP, stages, limits, zones.
// The browser-side behaviour is in test/browser/html.browser.test.ts.
import { fmt, snippet, VERDICT_TITLE } from '../../src/report/words/index.js';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { renderHtml, TABLE_LIMITS } from '../../src/report/html.js';
import { renderHeatStrip } from '../../src/report/html/heatstrip.js';
import { buildChartData, LIMITS } from '../../src/report/html/chart-data.js';
import { esc, jsonForScript } from '../../src/report/html/escape.js';
import { huge, injection, noErrors, PAYLOADS, preforkThreeHours, rhelNinetyDays } from '../browser/scenarios.js';
import { ConnectErrors } from '../../src/events.js';

/** The markup without script elements (the page's script holds the chart code's own templates). */
const markup = (html: string) => html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
const scripts = (html: string) =>
  [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1]!, body: m[2]! }));

describe('escaping', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"><img src=x onerror='y'>`, '&quot;&gt;&lt;img src=x onerror=&#39;y&#39;&gt;'],
    ['a & b', 'a &amp; b'],
  ])('esc(%j)', (input, out) => expect(esc(input)).toBe(out));

  it('JSON for a script block cannot close it and round-trips', () => {
    const v = { s: '</script><!-- \u2028 & >' };
    const j = jsonForScript(v);
    expect(j).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(j)).toEqual(v);
  });

  it('no payload from a log line, path or config survives unescaped', () => {
    const html = renderHtml(injection());
    for (const p of Object.values(PAYLOADS)) {
      // Whatever the payload is, its raw form (with a live "<") must not be in the markup.
      expect(html.includes(p)).toBe(false);
    }
    expect(html).toContain(esc(PAYLOADS.group));
    // Exactly the report's two script elements: the chart data and the code.
    const s = scripts(html);
    expect(s.map((x) => x.attrs)).toEqual([' type="application/json" id="chart-data"', '']);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html.match(/<style/gi)).toHaveLength(1);
    expect(html).not.toMatch(/<(img|iframe|svg onload)/i);
  });
});

describe('self-contained page', () => {
  const html = renderHtml(preforkThreeHours('diagnosed'));

  it('references nothing outside itself', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/<link\b/i);
  });

  it('its CSP forbids fetching and allows exactly the embedded script (by hash)', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toMatch(/default-src 'none'/);
    const code = scripts(html).find((x) => x.attrs === '')!.body;
    const hash = createHash('sha256').update(code, 'utf8').digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
  });

  it('embeds the chart data it was built from', () => {
    const data = JSON.parse(scripts(html).find((x) => x.attrs.includes('chart-data'))!.body);
    expect(data).toEqual(buildChartData(preforkThreeHours('diagnosed'))!.data);
  });

  it('is deterministic', () => {
    expect(renderHtml(preforkThreeHours('diagnosed'))).toBe(html);
  });

  it('has a title, a language, and text alternatives for both figures', () => {
    expect(html).toMatch(/<html lang="en">/);
    const r = preforkThreeHours('diagnosed');
    expect(html).toContain(`<title>${esc(`wsgi-logdoctor: ${VERDICT_TITLE[r.verdict]} — 2026-11-17`)}</title>`);
    expect(html).toMatch(/<svg [^>]*class="timeline"[^>]*role="img" aria-labelledby="tl-title tl-desc"/);
    expect(html).toMatch(/<desc id="hs-desc">Errors on 1 of 1 days/);
    expect(html).toContain('@media print');
  });
});

describe('content', () => {
  it('puts verdict, confidence and the copyable snippet first', () => {
    const r = preforkThreeHours('diagnosed');
    const html = renderHtml(r);
    const verdictAt = html.indexOf('class="verdict');
    const snippetAt = html.indexOf('id="snippet-top"');
    const timelineAt = html.indexOf('id="h-timeline"');
    expect(verdictAt).toBeGreaterThan(0);
    expect(snippetAt).toBeGreaterThan(verdictAt);
    expect(timelineAt).toBeGreaterThan(snippetAt);
    // the verdict is the finding that explains most failed requests: the overload (14 errors), not the restart burst (6)
    expect(r.verdict).toBe('backlog-overload');
    expect(html).toContain(`<div class="pct">${fmt.confidence(r.findings[0]!.confidence)}</div>`);
    expect(html).toContain(
      `<pre class="snippet" id="snippet-top" aria-label="Configuration snippet">${esc(snippet(r.findings[0]!.recommendation!))}</pre>`,
    );
    expect(html).toContain('data-target="snippet-top"');
  });

  it('shows times in the report zone (Europe/Berlin, not UTC)', () => {
    const html = renderHtml(preforkThreeHours('diagnosed'));
    // graceful restart at 06:25:03.412 Berlin = 05:25:03.412 UTC
    expect(html).toContain('<td>2026-11-17 06:25:03.412</td><td>graceful</td>');
    expect(html).toContain('graceful-restart at 06:25:03.412');
    expect(html).not.toContain('05:25:03');
  });

  it('lists bursts with cause and lag, schedule sources with their origin', () => {
    const r = preforkThreeHours('diagnosed');
    const html = renderHtml(r);
    const b = r.bursts![0]!;
    expect(b.cause).not.toBeNull();
    expect(html).toContain(`<td class="num">${b.cause!.lagSeconds.toFixed(1)} s</td>`);
    expect(html).toContain('<span class="mono path">/etc/crontab:17</span>');
    expect(html).toContain('<span class="mono path">/var/log/apache2/error.log.1:880</span>');
  });

  it('works with parse results only: errors and restarts, no bursts', () => {
    const r = preforkThreeHours('parsed');
    const html = markup(renderHtml(r));
    expect(html.match(/class="restart"/g)).toHaveLength(r.restarts.length);
    expect(html.match(/class="bar w11[67]"/g)!.length).toBeGreaterThan(0);
    expect(html).not.toContain('class="burst"');
    expect(html).not.toContain('class="rotation"');
  });

  it('a single event still gets a readable ten-minute timeline', () => {
    const r = preforkThreeHours('parsed');
    r.events = r.events.slice(0, 1);
    r.restarts = [];
    r.window = { start: r.events.time(0), end: r.events.time(0) };
    const html = markup(renderHtml(r));
    expect(html).toMatch(/data-bin="10 seconds"/);
    expect(html.match(/class="bar w117"/g)).toHaveLength(1);
  });

  it('no errors: says so, draws the restarts and an empty plot', () => {
    const html = markup(renderHtml(noErrors()));
    expect(html).toContain('No mod_wsgi daemon connect errors');
    expect(html).toContain('no WSGI0116/WSGI0117 errors in this range');
    expect(html.match(/class="restart"/g)).toHaveLength(2);
  });

  it('90 days: whole range aggregated per day, the heat strip names the recurring slot', () => {
    const html = renderHtml(rhelNinetyDays());
    expect(html).toMatch(/<svg [^>]*class="timeline"[^>]*data-bin="day"/);
    expect(html).toMatch(/the most frequent slot is 03:\d0–03:\d0 \(America\/New_York\)/);
    expect(html).toContain('<option value=');
  });
});

describe('heat strip across a DST change', () => {
  it('both 01:30s of the fall-back night land in one row and one wall-clock slot', () => {
    const r = preforkThreeHours('parsed');
    r.timezone = 'America/New_York';
    // 2026-11-01 01:30 EDT (05:30 UTC) and 01:30 EST (06:30 UTC), then 12:00 EST the same day.
    const times = [Date.UTC(2026, 10, 1, 5, 30), Date.UTC(2026, 10, 1, 6, 30), Date.UTC(2026, 10, 1, 17, 0)];
    r.events = ConnectErrors.from(times.map((time, i) => ({ ...r.events.at(0)!, time, line: i + 1 })));
    r.restarts = [];
    const hs = renderHeatStrip(r, { start: times[0]! - 3600e3, end: times[2]! + 3600e3 });
    expect(hs.days).toBe(1);
    const cells = [...hs.svg.matchAll(/<title>(Sun 01 Nov [^<]+)<\/title>/g)].map((m) => m[1]);
    expect(cells).toEqual(['Sun 01 Nov 01:30: 2 errors', 'Sun 01 Nov 12:00: 1 error']);
  });
});

describe('size on big inputs', () => {
  it('300 000 events over 90 days: coarser embedded bins, capped tables, a page well under 2 MB', () => {
    const r = huge(300_000);
    const t0 = performance.now();
    const html = renderHtml(r);
    const ms = performance.now() - t0;
    expect(html.length).toBeLessThan(2_000_000);
    const data = buildChartData(r)!;
    expect(data.data.bins.length / 3).toBeLessThanOrEqual(LIMITS.bins);
    expect(data.data.res).toBeGreaterThan(60_000);
    expect(html).toContain('The timeline embeds errors per 60 minutes (not per second or minute)');
    expect(html).toContain(`Showing the first ${TABLE_LIMITS.events} of 300000 connect errors`);
    expect(html.match(/<tr>/g)!.length).toBeLessThan(1500);
    expect(ms).toBeLessThan(15_000);
  });
});
