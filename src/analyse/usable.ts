// Exit 2 instead of a silent all-clear (issue 14, point 1): inputs from which no line could be
// read at all, and a --since/--until window that selects no line of the logs. An input that
// holds a connect-failure signature is never "unusable": it is analysed (and what could not be
// read of it makes the verdict inconclusive).
import fs from 'node:fs';
import { DateTime } from 'luxon';
import { InputError } from '../errors.js';
import type { InputSummary, Instant, ParsedLogs } from '../model.js';
import type { InputSpec } from '../inputs/index.js';

export interface Unusable {
  path: string;
  why: string;
}

/** NUL bytes or mostly non-text bytes in the first 4 KiB of a plain file: an executable, an image, a core dump. */
function looksBinary(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(4096);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    if (n === 0) return false;
    let odd = 0;
    for (let i = 0; i < n; i++) {
      const b = head[i]!;
      if (b === 0) return true;
      if (b < 9 || (b > 13 && b < 32) || b === 127) odd++;
    }
    return odd / n > 0.1;
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

/** The connect-failure signature in any mod_wsgi version (4.x "… to WSGI daemon process …", 6.x WSGI0116/WSGI0117). */
const SIGNATURE = /WSGI011[67]|to WSGI daemon process/;
const SCAN_LIMIT = 64 << 20;

/** Whether a plain file (or in-memory text) carries a signature line the reader could not place: then it is analysed, not refused. */
function carriesSignature(spec: InputSpec | undefined): boolean {
  if (spec?.source?.text !== undefined) return SIGNATURE.test(spec.source.text);
  const file = spec?.source?.path ?? (spec && spec.path !== '-' ? spec.path : null);
  if (file === null || file === undefined) return false;
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const buf = Buffer.alloc(1 << 20);
    let pos = 0;
    let tail = '';
    while (pos < SCAN_LIMIT) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      pos += n;
      const text = tail + buf.toString('latin1', 0, n);
      if (SIGNATURE.test(text)) return true;
      tail = text.slice(-64);
    }
    return false;
  } catch {
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether anything at all came out of this input: a timed record, or a line carrying a signature. */
function yielded(i: InputSummary, parsed: ParsedLogs): boolean {
  if (i.first !== null) return true;
  // signature lines the reader counted as unreadable (inputs[].unreadable, schemaVersion 2)
  const unreadable = (i as { unreadable?: Partial<Record<string, number>> }).unreadable;
  if (unreadable && Object.values(unreadable).some((n) => (n ?? 0) > 0)) return true;
  const fromHere = (x: { file: string }) => x.file === i.path;
  return (
    parsed.events.distinctShapes().some(fromHere) || parsed.related.some(fromHere) || parsed.restarts.some(fromHere)
  );
}

/** The inputs that gave nothing, each with why (in the order given). */
export function unusableInputs(parsed: ParsedLogs, specs: InputSpec[]): Unusable[] {
  const out: Unusable[] = [];
  for (const i of parsed.inputs) {
    if (yielded(i, parsed)) continue;
    const spec = specs.find((s) => s.display === i.path);
    if (!i.compressed && carriesSignature(spec)) continue;
    const file = spec?.source?.path ?? (spec && spec.path !== '-' && spec.source === undefined ? spec.path : null);
    let why: string;
    if (i.error !== null) why = i.error;
    else if (i.lines === 0) why = i.path === '-' ? 'empty (nothing on standard input)' : 'empty';
    else if (!i.compressed && file !== null && looksBinary(file)) why = 'binary data, not a text log';
    else
      why = `${i.lines} line${i.lines === 1 ? '' : 's'}, none an Apache error-log record with a time (no known log format)`;
    out.push({ path: i.path, why });
  }
  return out;
}

/** Exit 2 when no input gave a line; the names and reasons of the others come back as warnings. */
export function checkUsable(parsed: ParsedLogs, specs: InputSpec[]): string[] {
  const bad = unusableInputs(parsed, specs);
  if (bad.length > 0 && bad.length === parsed.inputs.length)
    throw new InputError(
      `no line could be read from the input${bad.length === 1 ? '' : 's'}: ${bad.map((b) => `${b.path}: ${b.why}`).join('; ')}`,
    );
  // an empty file beside readable ones is ordinary (a log just rotated); the read errors are
  // named by the inputs' own error field already
  return bad
    .filter((b) => !b.why.startsWith('empty'))
    .filter((b) => parsed.inputs.find((i) => i.path === b.path)?.error === null)
    .map((b) => `${b.path}: nothing read from it: ${b.why}`);
}

function local(t: Instant, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd HH:mm:ss');
}

/**
 * Exit 2 when --since/--until select no line: the window misses the span of every input. A
 * window inside the logs' span that falls in a quiet stretch is an answer (nothing was logged),
 * not a mistake.
 */
export function checkWindow(parsed: ParsedLogs, since: Instant | null, until: Instant | null, zone: string): void {
  if (since === null && until === null) return;
  const lo = since ?? -Infinity;
  const hi = until ?? Infinity;
  const spans = parsed.inputs.filter((i) => i.first !== null && i.last !== null);
  if (spans.length === 0) return;
  if (spans.some((i) => i.first! <= hi && i.last! >= lo)) return;
  if (parsed.events.length > 0 || parsed.restarts.length > 0) return; // untimed signature lines are still analysed
  const first = Math.min(...spans.map((i) => i.first!));
  const last = Math.max(...spans.map((i) => i.last!));
  const where = lo > last ? 'after' : hi < first ? 'before' : 'between the inputs of';
  const win = `${since !== null ? local(since, zone) : '…'} → ${until !== null ? local(until, zone) : '…'}`;
  throw new InputError(
    `--since/--until select no line of the logs: the window ${win} lies ${where} the logs, which cover ${local(first, zone)} → ${local(last, zone)} (${zone})`,
  );
}
