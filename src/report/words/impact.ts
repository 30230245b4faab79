// The access log's figures in words: one burst's impact, one day's totals (bursts[].impact,
// accessLog.perDay). Renderers escape the result themselves.
import type { BurstImpact, DayImpact } from '../../model.js';
import { count, percent, seconds } from './format.js';

/** e.g. "37 of 812 requests failed (4.6 %): 37 × 503, 0 × 500; 9 clients; failing for 41.2 s; top /api/x (20)" */
export function sayImpact(i: BurstImpact): string {
  const failed = i.status503 + i.status500;
  const share = i.requests > 0 ? ` (${percent(failed / i.requests)})` : '';
  const top = i.topPaths.length > 0 ? `; top ${i.topPaths.map((p) => `${p.path} (${p.count})`).join(', ')}` : '';
  return `${failed} of ${count(i.requests, 'request')} failed${share}: ${i.status503} × 503, ${i.status500} × 500; ${count(i.clients, 'client')}; failing for ${seconds(i.failingSeconds)}${top}`;
}

/** e.g. "2026-11-17: 1 burst, 37 × 503, 0 × 500 of 812 requests, 9 clients" */
export function sayDayImpact(d: DayImpact): string {
  return `${d.day}: ${count(d.bursts, 'burst')}, ${d.status503} × 503, ${d.status500} × 500 of ${count(d.requests, 'request')}, ${count(d.clients, 'client')}`;
}
