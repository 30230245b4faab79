// One formatter per kind of number a reader sees: counts with their noun, durations, p-values,
// percentages and local times. Every renderer and every sentence in words/ uses these.
import type { Instant } from '../../model.js';
import { formatLocal, formatSecondOfDay } from '../../time/index.js';

/** "1 error", "6 errors"; irregular plurals given explicitly. */
export function count(n: number, word: string, pluralWord = word + 's'): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** The noun alone, singular or plural, for a count shown apart from it ("<b>3</b> bursts"). */
export function noun(n: number, word: string, pluralWord = word + 's'): string {
  return n === 1 ? word : pluralWord;
}

/**
 * A length of time for prose: "15 s", "40 min", "3 h", "9 days"; precise: "2 h 39 min" below a
 * day. Short spans keep a decimal: "1.4 s", "350 ms".
 */
export function duration(ms: number, precise = false): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 10_000) return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (precise && s < 2 * 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  if (precise && s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s < 3 * 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** A lag or offset in seconds with one decimal: "1.4 s". */
export function seconds(s: number): string {
  return `${s.toFixed(1)} s`;
}

/** A p-value: two significant digits, exponent notation below 0.001 ("0.012", "3.4e-7"). */
export function pValue(p: number): string {
  if (p === 0) return '0';
  if (p >= 0.1) return p.toFixed(2);
  if (p >= 0.001) return Number(p.toPrecision(2)).toString();
  return p.toExponential(1);
}

/** A share as a percentage, more digits for small ones ("16.7%", "0.075%"). */
export function percent(x: number): string {
  return `${(x * 100).toFixed(x < 0.01 ? 3 : 1)}%`;
}

/** A confidence 0..1 as a whole percentage ("93%"). */
export function confidence(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** A local time in the analysis zone, "2026-11-17 06:25:03" (or another luxon format). */
export function time(t: Instant, zone: string, fmt?: string): string {
  return formatLocal(t, zone, fmt);
}

/** A second of the local day as "06:25". */
export function clock(secondOfDay: number): string {
  return formatSecondOfDay(secondOfDay);
}
