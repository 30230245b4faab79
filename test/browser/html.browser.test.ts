// The HTML report in a real browser: Debian's chromium (installed by scripts/install-test-deps.sh)
// driven by playwright-core, never a downloaded browser. Checks that the chart is drawn, that the
// page makes no request, logs no console error, runs no injected script, works with JavaScript
// disabled, and that the interaction (day selector, zoom, copy) does what it says. Screenshots go
// to test-artifacts/ (gitignored).
import { snippet } from '../../src/report/words/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/model.js';
import { injection, noErrors, preforkThreeHours, rhelNinetyDays } from './scenarios.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const haveChromium = existsSync(CHROMIUM);
const inCI = process.env.CI === 'true';

if (!haveChromium && !inCI) {
  console.warn(
    `[html.browser] SKIPPED: no Chromium at ${CHROMIUM}; run scripts/install-test-deps.sh (in CI this test fails instead of skipping)`,
  );
}

describe.skipIf(!haveChromium && !inCI)('HTML report in headless Chromium', () => {
  let tmp = '';

  beforeAll(() => {
    if (!haveChromium)
      throw new Error(`CI=true but Chromium is missing at ${CHROMIUM}: scripts/install-test-deps.sh must install it`);
    tmp = mkdtempSync(join(tmpdir(), 'logdoctor-html-'));
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    for (const p of profiles.values()) await (await p).close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  interface Opened {
    page: Page;
    requests: string[];
    consoleErrors: string[];
    dialogs: string[];
  }

  // Two browser profiles (fresh user-data-dirs): one with JavaScript, one without; a page each.
  const profiles = new Map<boolean, Promise<BrowserContext>>();
  function profile(javaScriptEnabled: boolean): Promise<BrowserContext> {
    let p = profiles.get(javaScriptEnabled);
    if (!p) {
      p = chromium.launchPersistentContext(mkdtempSync(join(tmp, 'profile-')), {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        javaScriptEnabled,
        viewport: { width: 1200, height: 900 },
        offline: true,
      });
      profiles.set(javaScriptEnabled, p);
    }
    return p;
  }

  /** Opens the page; every request other than the page itself is recorded and aborted. */
  async function open(html: string, name: string, javaScriptEnabled = true): Promise<Opened> {
    const file = join(tmp, `${name}.html`);
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const ctx = await profile(javaScriptEnabled);
    const page = await ctx.newPage();
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u === url) return route.continue();
      requests.push(u);
      return route.abort();
    });
    page.on('request', (r) => {
      if (r.url() !== url && !requests.includes(r.url())) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, requests, consoleErrors, dialogs };
  }

  const count = (page: Page, sel: string) => page.locator(sel).count();

  it.each([
    ['3-hour prefork log, parse results only', 'prefork-3h-parsed', () => preforkThreeHours('parsed')],
    ['3-hour prefork log, diagnosed', 'prefork-3h', () => preforkThreeHours('diagnosed')],
    ['90-day RHEL anacron log', 'rhel-90d', () => rhelNinetyDays()],
    ['no errors', 'no-errors', () => noErrors()],
  ] as [string, string, () => Report][])(
    '%s: chart drawn, no requests, no console errors',
    async (_label, name, build) => {
      const report = build();
      const { page, requests, consoleErrors } = await open(renderHtml(report), name);
      const chart = page.locator('#timeline-box svg.timeline');
      await expect(chart.count()).resolves.toBe(1);
      // Every burst outlined, every restart marked, every rotation window shaded in the whole-range view.
      expect(await count(page, '#timeline-box .burst')).toBe(report.bursts?.length ?? 0);
      expect(await count(page, '#timeline-box .restart')).toBe(report.restarts.length);
      expect(await count(page, '#timeline-box .rotation')).toBe(report.rotations?.length ?? 0);
      if (report.events.length) expect(await count(page, '#timeline-box .bar')).toBeGreaterThan(0);
      else expect(await count(page, '#timeline-box text.empty')).toBe(1);
      // The JS redrew at the real width (the static SVG is 1072 wide) and unhid the controls.
      expect(await page.locator('#timeline-controls').isVisible()).toBe(true);
      expect(Number(await chart.getAttribute('width'))).not.toBe(1072);
      const box = await chart.boundingBox();
      expect(box!.height).toBeGreaterThan(150);
      expect(requests).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `html-${name}.png`), fullPage: true });
      await page
        .locator('section[aria-labelledby="h-timeline"]')
        .screenshot({ path: join(ARTIFACTS, `html-${name}-timeline.png`) });
      if (report.events.length)
        await page.locator('svg.heatstrip').screenshot({ path: join(ARTIFACTS, `html-${name}-heatstrip.png`) });
      await page.close();
    },
  );

  it('JavaScript disabled: the static chart, heat strip and tables are all there', async () => {
    const report = rhelNinetyDays();
    const { page, requests, consoleErrors } = await open(renderHtml(report), 'rhel-90d-nojs', false);
    expect(await count(page, '#timeline-box svg.timeline')).toBe(1);
    expect(await page.locator('#timeline-box svg').getAttribute('width')).toBe('1072');
    expect(await count(page, '#timeline-box .burst')).toBe(report.bursts!.length);
    expect(await count(page, '#timeline-box .restart')).toBe(report.restarts.length);
    expect(await count(page, '#timeline-box .rotation')).toBe(report.rotations!.length);
    expect(await count(page, 'svg.heatstrip .hs-cell')).toBeGreaterThan(0);
    expect(await page.locator('#timeline-controls').isVisible()).toBe(false);
    expect(await page.locator('button.copy').first().isVisible()).toBe(false);
    expect(await page.locator('#nojs-note').isVisible()).toBe(true);
    expect(await count(page, '#h-bursts ~ .table-wrap tbody tr, section[aria-labelledby="h-bursts"] tbody tr')).toBe(
      report.bursts!.length,
    );
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'html-rhel-90d-nojs.png'), fullPage: true });
  });

  it('day selector and "show" buttons zoom the chart to per-minute bars; drag zooms; reset returns', async () => {
    const report = rhelNinetyDays();
    const { page, consoleErrors } = await open(renderHtml(report), 'rhel-90d-zoom');
    const bin = () => page.locator('#timeline-box svg').getAttribute('data-bin');
    expect(await bin()).toBe('day');
    // Day selector: one local day → 10-minute bars, only that day's restart.
    const value = await page.locator('#day-select option').nth(62).getAttribute('value');
    await page.selectOption('#day-select', value!);
    expect(await bin()).toBe('10 minutes');
    expect(await count(page, '#timeline-box .restart')).toBe(1);
    // "show" on burst #5 → per-second bars around that burst, the burst marked.
    await page.locator('button.zoom-to').nth(4).click();
    expect(await bin()).toBe('second');
    expect(await page.locator('#timeline-box .burst[data-burst="5"]').count()).toBe(1);
    expect(await page.locator('#view-status').textContent()).toMatch(/^Showing /);
    await page.locator('#timeline-box').screenshot({ path: join(ARTIFACTS, 'html-rhel-90d-zoom-burst5.png') });
    // Reset, then drag across a tenth of the plot.
    await page.click('button[data-action="reset"]');
    expect(await bin()).toBe('day');
    const svg = (await page.locator('#timeline-box svg').boundingBox())!;
    await page.mouse.move(svg.x + svg.width * 0.4, svg.y + svg.height / 2);
    await page.mouse.down();
    await page.mouse.move(svg.x + svg.width * 0.45, svg.y + svg.height / 2, { steps: 4 });
    await page.mouse.up();
    expect(await bin()).toBe('hour');
    await page.locator('#timeline-box').focus();
    await page.keyboard.press('0');
    expect(await bin()).toBe('day');
    expect(consoleErrors).toEqual([]);
  });

  it('copy button puts the snippet on the clipboard', async () => {
    const report = preforkThreeHours('diagnosed');
    const { page, consoleErrors } = await open(renderHtml(report), 'copy');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator('button.copy').first().click();
    await expect.poll(() => page.locator('button.copy').first().textContent()).toBe('Copied');
    const clip = await page.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(clip).toBe(snippet(report.findings[0]!.recommendation!));
    expect(consoleErrors).toEqual([]);
  });

  it('text from the log cannot inject markup or script', async () => {
    const report = injection();
    const { page, requests, consoleErrors, dialogs } = await open(renderHtml(report), 'injection');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
    expect(await count(page, 'script:not([type])')).toBe(1); // only the report's own script
    expect(await count(page, 'script')).toBe(2); // … and its chart data
    expect(await count(page, 'iframe, img, style')).toBe(1); // only the report's stylesheet
    expect(await page.locator('pre.snippet').first().textContent()).toBe(snippet(report.findings[0]!.recommendation!));
    expect(await page.locator('body').textContent()).toContain('<script>window.__pwned=1</script>');
    // After the JS redraw too (tooltips carry the group names via the embedded JSON).
    await page.locator('button.zoom-to').first().click();
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('print: controls hidden, chart kept', async () => {
    const { page } = await open(renderHtml(preforkThreeHours('diagnosed')), 'print');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#timeline-controls').isVisible()).toBe(false);
    expect(await page.locator('button.copy').first().isVisible()).toBe(false);
    expect(await page.locator('#timeline-box svg').isVisible()).toBe(true);
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await page.screenshot({ path: join(ARTIFACTS, 'html-print.png'), fullPage: true });
    // Registered after the report's own listener, so it sees the state the printout gets.
    await page.evaluate(() => {
      const w = globalThis as unknown as {
        addEventListener(t: string, f: () => void): void;
        document: { querySelectorAll(s: string): { length: number } };
        __openInPrint?: number;
      };
      w.addEventListener('beforeprint', () => (w.__openInPrint = w.document.querySelectorAll('details[open]').length));
    });
    const pdf = await page.pdf({ format: 'A4' });
    const details = await page.locator('details').count();
    expect(details).toBeGreaterThan(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __openInPrint?: number }).__openInPrint)).toBe(
      details,
    );
    expect(await page.locator('details[open]').count()).toBe(0);
    expect(pdf.length).toBeGreaterThan(10_000);
    writeFileSync(join(ARTIFACTS, 'html-print.pdf'), pdf);
  });

  // Real fixtures through the real CLI, once both exist (the reproduction helper writes fixtures/real/*,
  // captured under TZ=Europe/Berlin; rotated siblings beside error.log are read by default).
  const realDir = join(ROOT, 'fixtures/real');
  const cli = join(ROOT, 'bin/wsgi-logdoctor');
  const realFixtures =
    existsSync(realDir) && existsSync(join(ROOT, 'dist/cli/main.js'))
      ? // plain error-log captures only (top-level config/): the syslog, logger and journald captures keep
        // their lines in an envelope the reader does not take yet (test/e2e/envelopes.test.ts)
        readdirSync(realDir).filter((f) => !f.endsWith('.md') && existsSync(join(realDir, f, 'config')))
      : [];
  it.skipIf(realFixtures.length === 0).each(realFixtures)('real fixture %s via the CLI', async (fixture) => {
    const out = join(tmp, `real-${fixture}.html`);
    const dir = join(realDir, fixture);
    const configs = [
      ['--logrotate', join(dir, 'config/logrotate.conf')],
      ['--apache-config', join(dir, 'config/httpd.conf')],
    ].filter(([, f]) => existsSync(f!));
    const run = (format: string, output: string[]): string => {
      try {
        return execFileSync(
          cli,
          [join(dir, 'logs'), '--tz', 'Europe/Berlin', ...(configs.flat() as string[]), '--format', format, ...output],
          { stdio: 'pipe', encoding: 'utf8' },
        );
      } catch (e) {
        // 1 = errors found: the report is still written; anything else is a failure.
        const err = e as { status?: number; stdout?: string; stderr?: string };
        if (err.status !== 1) throw new Error(`CLI exited ${err.status}: ${err.stderr ?? ''}`);
        return err.stdout ?? '';
      }
    };
    run('html', ['-o', out]);
    const json = JSON.parse(run('json', [])) as {
      restarts: unknown[];
      bursts?: unknown[];
      rotations?: unknown[];
      related?: unknown[];
    };
    const { page, requests, consoleErrors } = await open(readFileSync(out, 'utf8'), `real-${fixture}`);
    expect(await count(page, '#timeline-box svg.timeline')).toBe(1);
    expect(await count(page, '#timeline-box .restart')).toBe(json.restarts.length);
    expect(await count(page, '#timeline-box .burst')).toBe(json.bursts?.length ?? 0);
    expect(await count(page, '#timeline-box .rotation')).toBe(json.rotations?.length ?? 0);
    // Origin-check rejections and the like (rotation-off-prefork) appear as their own marks.
    expect((await count(page, '#timeline-box .related')) > 0).toBe((json.related?.length ?? 0) > 0);
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `html-real-${fixture}.png`), fullPage: true });
    await page
      .locator('section[aria-labelledby="h-timeline"]')
      .screenshot({ path: join(ARTIFACTS, `html-real-${fixture}-timeline.png`) });
    // The top of the report (verdict, recommendation, timeline, heat strip), as shown in the README.
    const bottom = await page.locator('section[aria-labelledby="h-heat"]').evaluate((el) => {
      const g = globalThis as unknown as { scrollY: number };
      return (
        (el as unknown as { getBoundingClientRect(): { bottom: number } }).getBoundingClientRect().bottom + g.scrollY
      );
    });
    await page.screenshot({
      path: join(ARTIFACTS, `html-real-${fixture}-top.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1200, height: Math.ceil(bottom) + 8 },
    });
    await page.close();
  });

  // Geometry on a real capture (issue 14): bursts visible at every zoom, burst numbers clear of the
  // restart/stop markers, and at 420 px the Copy button beside, not over, the code.
  it.skipIf(!realFixtures.includes('daily-rotation-prefork'))(
    'real daily-rotation-prefork: burst bars >= 6 px at every zoom, labels clear of markers, Copy clear of code at 420 px',
    async () => {
      const dir = join(realDir, 'daily-rotation-prefork');
      const out = join(tmp, 'geometry.html');
      try {
        execFileSync(cli, [
          join(dir, 'logs'),
          '--tz',
          'Europe/Berlin',
          '--logrotate',
          join(dir, 'config/logrotate.conf'),
          '--apache-config',
          join(dir, 'config/httpd.conf'),
          '--format',
          'html',
          '-o',
          out,
        ]);
      } catch (e) {
        if ((e as { status?: number }).status !== 1) throw e;
      }
      const { page, consoleErrors } = await open(readFileSync(out, 'utf8'), 'geometry');
      type Box = { x: number; y: number; width: number; height: number };
      const boxes = async (sel: string): Promise<Box[]> =>
        (await page.locator(sel).evaluateAll((els) =>
          els.map((el) => {
            const r = (el as unknown as { getBoundingClientRect(): Box }).getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: r.height };
          }),
        )) as Box[];
      const meet = (a: Box, b: Box) =>
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      const check = async (view: string) => {
        const bursts = await boxes('#timeline-box rect.burst');
        expect(bursts.length, view).toBeGreaterThan(0);
        for (const b of bursts) expect(b.width, view).toBeGreaterThanOrEqual(6);
        const labels = await boxes('#timeline-box text.burst-label');
        const markers = await boxes('#timeline-box g.restart > :not(title)');
        for (const l of labels) for (const m of markers) expect(meet(l, m), `${view}: label over a marker`).toBe(false);
        for (let i = 1; i < labels.length; i++) expect(meet(labels[i - 1]!, labels[i]!), view).toBe(false);
        return labels.length;
      };
      let labelled = await check('whole range');
      const days = await page.locator('#day-select option').count();
      for (let i = 1; i < days; i++) {
        await page.selectOption('#day-select', { index: i });
        labelled += await check(`day ${i}`).catch(async (e) => {
          // a day without a burst has nothing to measure
          if ((await page.locator('#timeline-box rect.burst').count()) === 0) return 0;
          throw e;
        });
      }
      const shows = await page.locator('button.zoom-to').count();
      for (let i = 0; i < shows; i++) {
        await page.locator('button.zoom-to').nth(i).click();
        labelled += await check(`burst ${i + 1}`);
      }
      expect(labelled).toBeGreaterThan(0);
      await page.locator('button.zoom-to').last().click();
      await page.locator('#timeline-box').screenshot({ path: join(ARTIFACTS, 'html-geometry-last-burst.png') });
      await page.click('button[data-action="reset"]');
      // 420 px wide: the Copy button and the code never overlap
      await page.setViewportSize({ width: 420, height: 900 });
      const [button] = await boxes('button.copy');
      const [code] = await boxes('pre.snippet');
      expect(button!.width).toBeGreaterThan(0);
      expect(meet(button!, code!)).toBe(false);
      await page
        .locator('.rec')
        .first()
        .screenshot({ path: join(ARTIFACTS, 'html-geometry-420-copy.png') });
      expect(consoleErrors).toEqual([]);
      await page.close();
    },
  );
});
