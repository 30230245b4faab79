// The contract's JSON document (cli-contract.md, "JSON report"): instants become ISO 8601
// strings with the analysis zone's offset; every {code, args} item gets the `text` a person
// reads (from src/report/words), a recommendation its snippet; everything else is data as is.
// The document is written in pieces (renderJsonChunks): events[] a batch at a time, so that a
// million connect errors never become one string (V8 caps a string at 512 MiB).
import type { EventShape, Finding, Report } from '../model.js';
import { ConnectErrors } from '../events.js';
import { formatInstant, isoFormatter } from '../time/index.js';
import { sayCaveat, sayEvidence, sayMissing, sayRisk, sayVerification, snippet } from './words/index.js';

const TIME_KEYS = new Set(['time', 'start', 'end', 'first', 'last', 'mtime', 'at', 'from', 'to', 'until', 'triggerAt']);

/** The report with its words: `text` on every coded item, the recommendation's snippet. */
export function withWords(report: Report): unknown {
  const c = { zone: report.timezone };
  const finding = (f: Finding) => ({
    ...f,
    evidence: f.evidence.map((e) => ({ ...e, text: sayEvidence(e, c) })),
    recommendation: f.recommendation && {
      ...f.recommendation,
      snippet: snippet(f.recommendation),
      caveats: f.recommendation.caveats.map((x) => ({ ...x, text: sayCaveat(x, c) })),
      verify: f.recommendation.verify.map((x) => ({ ...x, text: sayVerification(x, c) })),
    },
  });
  return {
    ...report,
    findings: report.findings.map(finding),
    missingEvidence: report.missingEvidence.map((m) => ({ ...m, text: sayMissing(m, c) })),
    risks: report.risks.map((r) => ({ code: r.code, args: r.args, text: sayRisk(r), origins: r.origins })),
  };
}

/** Instants as ISO text (keys in TIME_KEYS, and the items of `times`), undefined members left out. */
function converter(zone: string, iso: (t: number) => string = (t) => formatInstant(t, zone)) {
  const convert = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'number' && key !== null && TIME_KEYS.has(key))
      return Number.isFinite(value) ? iso(value) : null;
    if (value instanceof ConnectErrors) return value.map((e) => convert(e, null));
    if (Array.isArray(value)) return value.map((v) => convert(v, key === 'times' ? 'time' : null));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        out[k] = convert(v, k);
      }
      return out;
    }
    return value;
  };
  return convert;
}

export function toJsonValue(report: Report): unknown {
  return converter(report.timezone)(withWords(report), null);
}

/** The whole document as one string (small reports; the CLI writes renderJsonChunks). */
export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString())).join('');
}

/** Where events[] goes in the rest of the document (a top-level key at two spaces: unique). */
const HOLE = '\u0000events[]\u0000';
const HOLE_TEXT = `\n  "events": ${JSON.stringify(HOLE)}`;
/** Bytes per piece of events[] handed to the writer. */
const PIECE = 1 << 20;

/**
 * The JSON document in pieces: exactly JSON.stringify(toJsonValue(report), null, 2) + '\n', with
 * events[] written a batch at a time and each event from its shape's text, its own fields
 * (time, line, pid, tid, client) written in.
 */
export function* renderJsonChunks(report: Report): Generator<string | Uint8Array> {
  const events = report.events;
  const zone = report.timezone;
  const convert = converter(zone);
  if (events.length === 0) {
    yield JSON.stringify(convert(withWords(report), null), null, 2) + '\n';
    return;
  }
  const rest = convert(withWords({ ...report, events: events.slice(0, 0) }), null) as Record<string, unknown>;
  rest.events = HOLE;
  const text = JSON.stringify(rest, null, 2);
  const at = text.indexOf(HOLE_TEXT);
  yield text.slice(0, at) + '\n  "events": [';
  const eventText = eventWriter(events, convert, isoFormatter(zone));
  // each event's text goes straight into a piece of bytes: no string outlives its event
  let piece = Buffer.allocUnsafe(PIECE);
  let used = 0;
  for (let i = 0; i < events.length; i++) {
    const e = (i === 0 ? '\n    ' : ',\n    ') + eventText(i);
    if (used + e.length * 3 > PIECE) {
      if (used > 0) yield piece.subarray(0, used);
      piece = Buffer.allocUnsafe(PIECE);
      used = 0;
    }
    if (e.length * 3 > PIECE) yield e;
    else used += piece.write(e, used);
  }
  if (used > 0) yield piece.subarray(0, used);
  yield '\n  ]' + text.slice(at + HOLE_TEXT.length) + '\n';
}

/** The fields of an event that are its own, not its shape's, in the order of the event's keys. */
const OWN = ['time', 'line', 'pid', 'tid', 'client'] as const;

/**
 * Event i's text at the depth of events[] items. Per shape, one event is stringified with a
 * marker in each of its own fields and cut at the markers; an event is then its shape's pieces
 * with its own values between them. A shape whose strings happen to hold a marker is written
 * the slow way (each event stringified).
 */
function eventWriter(
  events: ConnectErrors,
  convert: (value: unknown, key: string | null) => unknown,
  iso: (t: number) => string,
): (i: number) => string {
  const whole = (i: number) => JSON.stringify(convert(events.at(i), null), null, 2).replace(/\n/g, '\n    ');
  const nonce = Math.random().toString(36).slice(2);
  const mark = (k: string) => `\u0001${nonce}:${k}\u0001`;
  const templates = new Map<EventShape, string[] | null>();
  const templateOf = (i: number): string[] | null => {
    const s = events.shape(i);
    let t = templates.get(s);
    if (t === undefined) {
      const e = events.at(i)! as unknown as Record<string, unknown>;
      for (const k of OWN) e[k] = mark(k);
      let json = JSON.stringify(convert(e, null), null, 2).replace(/\n/g, '\n    ');
      const pieces: string[] = [];
      for (const k of OWN) {
        const m = JSON.stringify(mark(k));
        const at = json.indexOf(m);
        if (at < 0 || json.indexOf(m, at + 1) >= 0) break;
        pieces.push(json.slice(0, at));
        json = json.slice(at + m.length);
      }
      pieces.push(json);
      t = pieces.length === OWN.length + 1 ? pieces : null;
      templates.set(s, t);
    }
    return t;
  };
  const num = (x: number | null) => (x === null ? 'null' : String(x));
  return (i) => {
    const t = templateOf(i);
    if (t === null || !Number.isFinite(events.time(i))) return whole(i);
    const c = events.client(i);
    return (
      t[0]! +
      '"' +
      iso(events.time(i)) +
      '"' +
      t[1]! +
      String(events.line(i)) +
      t[2]! +
      num(events.pid(i)) +
      t[3]! +
      num(events.tid(i)) +
      t[4]! +
      (c === null ? 'null' : JSON.stringify(c)) +
      t[5]!
    );
  };
}
