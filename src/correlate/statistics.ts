// Is the alignment of bursts with triggers more than chance? (issue 4, item 3)
//
// Two tests, and the larger (more conservative) p-value is reported:
//  - binomial tail: under "bursts fall at random times", each burst start lands inside the union
//    of trigger windows with probability p0 = covered time / logged time; P(X >= k) of Bin(n, p0).
//  - circular-shift permutation: all burst starts are shifted together by a random offset
//    (mod the logged span) and the aligned ones are counted again. Shifting together keeps the
//    bursts' own structure (a burst every day at 06:25 stays daily), which the binomial's
//    independence assumption ignores. Fixed seed, so a report is reproducible.
import type { Burst, Instant, Statistics } from '../model.js';
import { windowSecondsFor } from './attribute.js';
import { spanOverBursts } from './bursts.js';
import type { FailureWindow, Trigger } from './triggers.js';

/**
 * 9999 shifts: bursts that recur daily against daily restarts can only be judged by their time of
 * day, so their permutation p is about (window / day) x (days - 1), ~0.001 for a week; the test
 * must resolve that. Above 500 bursts 999 shifts, above 2000 bursts 199, keep the run time flat
 * (so many bursts carry their own statistical power).
 */
export const PERMUTATION_SHIFTS = 9999;
const PERMUTATION_SHIFTS_LARGE = 999;
export const PERMUTATION_SEED = 20_261_117;

/** The test's result: n bursts tested, k inside a trigger window, the windows' coverage of the logged time (for the longest window used). */
export type AlignmentStatistics = Statistics;

type Interval = [number, number];

/**
 * Returns null when there is nothing to test (no bursts, no triggers or an empty span).
 * `span` is the logged time (first to last timestamp analysed).
 */
export function alignmentStatistics(
  bursts: readonly Burst[],
  triggers: readonly Trigger[],
  fw: FailureWindow,
  span: { start: Instant; end: Instant },
): AlignmentStatistics | null {
  if (bursts.length === 0 || triggers.length === 0) return null;
  const { start, end } = spanOverBursts(span, bursts);
  // A span shorter than a minute carries no information about timing.
  const L = Math.max(end - start, 60_000);
  const windows = [...new Set(bursts.map((b) => windowSecondsFor(b, fw)))];
  const unions = new Map<number, Float64Array>();
  for (const w of windows) unions.set(w, flatten(mergedIntervals(triggers, w, fw.beforeSeconds)));
  const burstIv = bursts.map((b) => unions.get(windowSecondsFor(b, fw))!);
  const rel = Float64Array.from(bursts, (b) => b.start - start);

  const n = bursts.length;
  let k = 0;
  for (let i = 0; i < n; i++) if (hits(burstIv[i]!, bursts[i]!.start)) k++;
  const maxW = Math.max(...windows);
  const coverage = Math.min(1, covered(unions.get(maxW)!, start, start + L) / L);
  const binomialP = binomialTail(n, k, coverage);

  const rand = mulberry32(PERMUTATION_SEED);
  const shifts = n > 2000 ? 199 : n > 500 ? PERMUTATION_SHIFTS_LARGE : PERMUTATION_SHIFTS;
  let atLeast = 0;
  for (let s = 0; s < shifts; s++) {
    const d = rand() * L;
    let c = 0;
    for (let i = 0; i < n; i++) {
      if (hits(burstIv[i]!, start + ((rel[i]! + d) % L))) c++;
    }
    if (c >= k) atLeast++;
  }
  const permutationP = (1 + atLeast) / (shifts + 1);
  const pValue = k === 0 ? 1 : Math.max(binomialP, permutationP);
  return {
    method: 'permutation-and-binomial',
    shifts,
    seed: PERMUTATION_SEED,
    p: pValue,
    shortSpan: end - start < L,
    n,
    k,
    coverage,
    binomialP,
    permutationP,
  };
}

function mergedIntervals(triggers: readonly Trigger[], windowSeconds: number, beforeSeconds: number): Interval[] {
  const raw: Interval[] = triggers
    .map((t) => [t.time - beforeSeconds * 1000, t.until + windowSeconds * 1000] as Interval)
    .sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const iv of raw) {
    const last = out[out.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push([iv[0], iv[1]]);
  }
  return out;
}

/** Intervals as [a0, b0, a1, b1, …] for a tight binary search. */
function flatten(intervals: Interval[]): Float64Array {
  const out = new Float64Array(intervals.length * 2);
  intervals.forEach(([a, b], i) => {
    out[2 * i] = a;
    out[2 * i + 1] = b;
  });
  return out;
}

function hits(iv: Float64Array, t: number): boolean {
  let lo = 0;
  let hi = (iv.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < iv[2 * mid]!) hi = mid - 1;
    else if (t > iv[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

function covered(iv: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = 0; i < iv.length; i += 2) {
    const lo = Math.max(iv[i]!, from);
    const hi = Math.min(iv[i + 1]!, to);
    if (hi > lo) sum += hi - lo;
  }
  return sum;
}

/** P(X >= k) for X ~ Binomial(n, p), summed in log space. */
export function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let logC = 0; // log C(n, 0)
  for (let i = 0; i < k; i++) logC += Math.log(n - i) - Math.log(i + 1);
  let sum = 0;
  for (let i = k; i <= n; i++) {
    sum += Math.exp(logC + i * lp + (n - i) * lq);
    logC += Math.log(n - i) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}

/** Small, well-known seeded PRNG (mulberry32), so permutation p-values are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Confidence from the statistics: the strength of the evidence, -log10(p) / 3 (p = 0.001 counts
 * as full strength; p = 0.05 gives 0.43), times a cap for how many bursts aligned (one aligned burst can be a coincidence however
 * small its p: 0.75; two 0.875; five 0.98). A chance alignment therefore stays well below 0.5.
 */
export function confidenceFrom(stats: Pick<AlignmentStatistics, 'p' | 'k'>): number {
  if (stats.k <= 0) return 0;
  const cap = 1 - Math.pow(0.5, stats.k + 1);
  const strength = Math.max(0, Math.min(1, -Math.log10(Math.max(stats.p, 1e-12)) / 3));
  return cap * strength;
}
