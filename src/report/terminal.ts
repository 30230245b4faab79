// Text from the inputs (log lines, paths, config values) may carry ESC, BEL or bidi controls
// that a terminal would act on: a crafted log line could retitle the window, hide text or
// fake a verdict. Everything printed for a terminal goes through terminalSafe(); the renderers
// apply it to input-derived values before adding their own colours.

import { ConnectErrors } from '../events.js';

const NAMED: ReadonlyMap<number, string> = new Map([
  [0x0a, '\\n'],
  [0x0d, '\\r'],
]);

// C0 (tab kept), DEL, C1, and the Unicode bidi/line controls (Trojan Source, CVE-2021-42574).
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_NEWLINE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escape(ch: string): string {
  const c = ch.charCodeAt(0);
  const named = NAMED.get(c);
  if (named !== undefined) return named;
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/**
 * Control characters shown escaped (`\x1b`, `\x07`, `\u202e`); a newline becomes `\n` so that a
 * value stays on its line, unless `multiline` (a whole rendered report) keeps the newlines.
 */
export function terminalSafe(text: string, options: { multiline?: boolean } = {}): string {
  return text.replace(options.multiline ? CONTROL_BUT_NEWLINE : CONTROL, escape);
}

const HAS_CONTROL = new RegExp(CONTROL.source);

/**
 * The report with every string in it (values and keys: paths, group names, config values, log
 * text) passed through terminalSafe, so a renderer can add its own colour codes around any value
 * without letting one from the inputs through. Shares every part that needed no change.
 */
export function terminalSafeReport<T>(value: T): T {
  return safeValue(value) as T;
}

const safeString = (v: string) => (HAS_CONTROL.test(v) ? terminalSafe(v) : v);

function safeValue(v: unknown): unknown {
  if (typeof v === 'string') return safeString(v);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof ConnectErrors) return v.mapStrings(safeString);
  if (Array.isArray(v)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const s = safeValue(v[i]);
      if (s !== v[i]) (copy ??= v.slice())[i] = s;
    }
    return copy ?? v;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const sk = HAS_CONTROL.test(k) ? terminalSafe(k) : k;
    const sx = safeValue(x);
    if (sk !== k || sx !== x) changed = true;
    out[sk] = sx;
  }
  return changed ? out : v;
}
