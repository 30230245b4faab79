// `--check`: the report as a monitoring check, after the Monitoring Plugins development
// guidelines — one line `WSGI-LOGDOCTOR STATUS - text | perfdata`, exit 0 OK / 1 WARNING /
// 2 CRITICAL / 3 UNKNOWN (the CLI prints UNKNOWN for unusable input and bad options itself).
// Thresholds apply to the number of bursts, in the guidelines' range syntax.
import { InputError } from '../errors.js';
import type { Report } from '../model.js';
import { formatLocal } from '../time/index.js';

/** A threshold range: alert when the value is outside [start, end] (or inside, with `@`). */
export interface Range {
  start: number;
  end: number;
  inside: boolean;
  text: string;
}

/**
 * The guidelines' range syntax: `10` (alert outside 0..10), `10:` (below 10), `~:10` (above 10),
 * `10:20` (outside 10..20), `@10:20` (inside 10..20).
 */
export function parseRange(text: string, option: string): Range {
  const m = /^(@?)(?:(~|-?\d+(?:\.\d+)?)?:)?(-?\d+(?:\.\d+)?)?$/.exec(text.trim());
  const hasColon = text.includes(':');
  if (!m || (m[3] === undefined && !hasColon) || text.trim() === '@')
    throw new InputError(`${option}: not a threshold range: '${text}' (e.g. 0, 2, 10:, ~:10, @1:3)`);
  const start = !hasColon ? 0 : m[2] === '~' ? -Infinity : m[2] === undefined ? 0 : Number(m[2]);
  const end = m[3] === undefined ? Infinity : Number(m[3]);
  if (start > end) throw new InputError(`${option}: the range's start is above its end: '${text}'`);
  return { start, end, inside: m[1] === '@', text: text.trim() };
}

export function alerts(r: Range, value: number): boolean {
  const within = value >= r.start && value <= r.end;
  return r.inside ? within : !within;
}

/** Defaults (cli-contract.md): WARNING from 1 burst, CRITICAL from 3 — i.e. alert above 0 and above 2. */
export const DEFAULT_WARNING = '0';
export const DEFAULT_CRITICAL = '2';

export const CHECK_STATUS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
export type CheckStatus = 0 | 1 | 2 | 3;

export interface CheckOptions {
  warning: Range;
  critical: Range;
}

/** Plugin output is one line: no newline, and `|` only as the perfdata separator. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f|]/g, ' ');
}

export function unknownLine(message: string): string {
  return `WSGI-LOGDOCTOR UNKNOWN - ${clean(message)}\n`;
}

export function renderCheck(report: Report, opts: CheckOptions): { text: string; status: CheckStatus } {
  const bursts = report.bursts.length;
  const errors = report.summary.WSGI0116 + report.summary.WSGI0117;
  const unreadable = report.inputs.reduce(
    (s, i) => s + Object.values(i.unreadable ?? {}).reduce((a, b) => a + b, 0),
    0,
  );
  const primary = report.findings.find((f) => f.role === 'primary') ?? report.findings[0] ?? null;
  let status: CheckStatus = 0;
  if (alerts(opts.critical, bursts) || report.verdict === 'rotation-restart') status = 2;
  else if (alerts(opts.warning, bursts) || report.risks.length > 0 || unreadable > 0) status = 1;

  const since =
    report.window.start !== null
      ? ` since ${formatLocal(report.window.start, report.timezone, 'yyyy-MM-dd HH:mm')}`
      : '';
  const parts = [
    `${bursts} burst${bursts === 1 ? '' : 's'}, ${errors} connect error${errors === 1 ? '' : 's'}${since}: ${report.verdict}`,
  ];
  if (primary?.recommendation) parts.push(`fix: ${primary.recommendation.directive}`);
  if (report.risks.length > 0) parts.push(`risk: ${report.risks.map((r) => r.code).join(', ')}`);
  if (unreadable > 0) parts.push(`${unreadable} signature line${unreadable === 1 ? '' : 's'} unreadable`);
  const perf = [
    `'bursts'=${bursts};${opts.warning.text};${opts.critical.text};0`,
    `'errors'=${errors};;;0`,
    `'unreadable'=${unreadable};;;0`,
  ].join(' ');
  return { text: `WSGI-LOGDOCTOR ${CHECK_STATUS[status]} - ${clean(parts.join('; '))} | ${perf}\n`, status };
}
