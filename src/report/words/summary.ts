// Words of the first screen (the text report's summary): the reason with its key numbers, the
// scope, and which caveat comes first. Numbers come in as data; the sentences live here.
import type { Caveat, Missing } from '../../model.js';
import { count, pValue } from './format.js';
import { CODES } from './index.js';

export interface ReasonFacts {
  /** connect errors in the window, and how many of them the verdict's finding explains */
  errors: number;
  explained: number;
  bursts: number;
  /** bursts of the finding with a restart or logrotate run found before them */
  aligned: number;
  /** the alignment test's p-value, when it ran */
  p: number | null;
  lines: number;
  /** signature lines that did not become events */
  unreadable: number;
}

/** One line: what was found and the numbers it rests on. */
export function summaryReason(f: ReasonFacts): string {
  if (f.errors === 0) {
    const base = `No connect errors in ${count(f.lines, 'line')} read`;
    return f.unreadable > 0
      ? `${base}, but ${count(f.unreadable, 'line')} carrying their signature could not be read.`
      : `${base}.`;
  }
  const errors =
    f.explained < f.errors ? `${f.explained} of ${count(f.errors, 'connect error')}` : count(f.errors, 'connect error');
  const parts = [`${errors} in ${count(f.bursts, 'burst')}`];
  if (f.aligned > 0) parts.push(`${f.aligned} of ${f.bursts} right after an Apache restart or logrotate run`);
  let s = parts.join(', ');
  if (f.aligned > 0 && f.p !== null) s += `; p = ${pValue(f.p)} that this is chance`;
  if (f.unreadable > 0) s += `; ${count(f.unreadable, 'signature line')} unreadable`;
  return s + '.';
}

export interface ScopeFacts {
  from: string;
  to: string;
  zone: string;
  inputs: number;
  restarts: number;
  inferredRestarts: number;
  /** the --root bundle, named once (null when the logs were given directly) */
  bundle: string | null;
}

/** The window, inputs and restarts, the same numbers the sections below count. */
export function summaryScope(s: ScopeFacts): string {
  const restarts =
    count(s.restarts, 'Apache restart') + (s.inferredRestarts > 0 ? ` (${s.inferredRestarts} inferred)` : '');
  const bundle = s.bundle === null ? '' : ` · bundle ${s.bundle}`;
  return `${s.from} → ${s.to} (${s.zone}) · ${count(s.inputs, 'input')}${bundle} · ${restarts}`;
}

/** Caveats that change what the fix does, most important first; the rest keep their order. */
export const CAVEAT_PRIORITY: readonly Caveat['code'][] = [
  'upgrade-first',
  'off-already-in-effect',
  'prefork-off-origin-check',
  'mpm-unknown-off',
  'version-unknown-check',
  'few-occurrences',
  'check-path-traversal',
  'memory-per-process',
  'check-daemons-running',
];
/** Caveats that say all is well: never the one shown first. */
const REASSURING: readonly Caveat['code'][] = ['version-supports-rotation', 'event-off'];

/** The caveat for the first screen, in one short line (the full sentence is in the section below). */
export function summaryCaveat(caveats: readonly Caveat[], missing: readonly Missing[]): string | null {
  const rank = (c: Caveat): number => {
    const i = CAVEAT_PRIORITY.indexOf(c.code);
    return i >= 0 ? i : CAVEAT_PRIORITY.length;
  };
  const best = caveats
    .filter((c) => !REASSURING.includes(c.code))
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)[0]?.c;
  if (best) return `Caveat: ${CODES.caveat[best.code]} (see Caveats below).`;
  const m = missing[0];
  if (m) return `Firmer with more: ${CODES.missing[m.code]} (see below).`;
  return null;
}

export const SUMMARY_WORDS = {
  fix: (context: string) => `Fix (${context}):`,
  details: 'Details below:',
} as const;
