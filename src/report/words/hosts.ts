// Words for the per-host summary and the unreadable signature lines of an input (issue 13):
// one sentence each, shared by every renderer.
import type { HostSummary, InputSummary, Report } from '../../model.js';
import { count } from './format.js';

/** "web01: 12 connect errors in 3 bursts → rotation-restart" */
export function hostLine(h: HostSummary, report: Pick<Report, 'bursts'>): string {
  const bursts = report.bursts.filter((b) => b.host === h.host).length;
  return `${h.host || '(host not named)'}: ${count(h.events, 'connect error')} in ${count(bursts, 'burst')} → ${h.verdict}`;
}

/** "2 signature lines not read (no-time 1, cut 1), e.g. line 77 (cut)"; null when none. */
export function unreadableLine(i: Pick<InputSummary, 'unreadable' | 'unreadableExamples'>): string | null {
  const entries = Object.entries(i.unreadable).filter(([, n]) => (n ?? 0) > 0);
  if (entries.length === 0) return null;
  const total = entries.reduce((s, [, n]) => s + (n ?? 0), 0);
  const ex = i.unreadableExamples
    .slice(0, 3)
    .map((x) => `line ${x.line} (${x.reason})`)
    .join(', ');
  return `${count(total, 'signature line')} not read (${entries.map(([r, n]) => `${r} ${n}`).join(', ')})${ex ? `, e.g. ${ex}` : ''}`;
}
