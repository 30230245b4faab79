// Deciding a line that carries a signature (a needle hit): clean it, peel its envelope, find the
// Apache record(s) inside — wherever they start, two joined records are two — and read the
// mod_wsgi or lifecycle message, exactly when possible and leniently when not. Every mod_wsgi
// signature ends as an event, or as an unreadable line with its reason (never silently).
import {
  findRecordStarts,
  parseFields,
  parseRecord,
  readLifecycle,
  type ApacheFields,
  type LocalTimestamp,
} from '../apache/index.js';
import {
  SIGNATURE_RE,
  buildEvent,
  codeForErrno,
  decodeSocketPath,
  isNonEvent,
  looksRedacted,
  matchLenient,
  matchMessage,
  type Intern,
  type WsgiMatch,
} from '../wsgi/index.js';
import type {
  EnvelopeKind,
  Instant,
  RelatedEvent,
  RestartEvent,
  ServerBanner,
  UnreadableReason,
  UntimedEvent,
  WsgiConnectError,
} from '../model.js';
import { peelEnvelope, type Peeled } from './envelopes.js';

export interface DecodeContext {
  file: string;
  /** wall-clock (or offset-carrying) stamp → instant, in the analysis zone */
  toInstant(ts: LocalTimestamp): Instant;
  /** the year of an RFC 3164 stamp (no year in the line) */
  yearFor(month: number, day: number): number;
  intern: Intern;
}

export type Outcome =
  | { t: 'connect'; ev: WsgiConnectError }
  | { t: 'related'; ev: RelatedEvent }
  | { t: 'marker'; marker: RestartEvent; banner: ServerBanner | null }
  | { t: 'unreadable'; reason: UnreadableReason; untimed: UntimedEvent | null };

export interface LinePlace {
  line: number;
  /** index into ENVELOPES from the sniff, -1 when none */
  hint: number;
  /** the input's last line, without a newline: a line cut where the file was split */
  atEof: boolean;
  /** the input's first line: the other half of such a cut */
  atStart: boolean;
  /** a line wrapped over indented lines, joined back */
  wrapped?: boolean;
}

// CSI/OSC colour and title sequences (kept in unreadable examples as data; renderers escape them)

const ANSI_RE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

const CONTROL_RE = /[\x00-\x08\x0e-\x1f\ufffd]/g;
/** anything that needs cleaning: control bytes, ESC, backticks, replacement characters */
const ODD_ANY = /[\x00-\x08\x0e-\x1f`\ufffd]/;
/** how a whole line may start: an errno, a bracketed field, a stamp or a pid, mod_wsgi's prefix or code */
const LINE_START_RE = /^\s*(?:\(|\[|\d|mod_wsgi|WSGI\d)/;
const ADDRESS_RE = /^[\d.:a-fA-F[\]%]+$/;
const LIFECYCLE_HINT =
  /Graceful restart requested|SIGUSR1 received|SIGHUP received|SIGTERM, shutting down|SIGWINCH, shutting down|resuming normal operations/;

function isBinary(s: string): boolean {
  const n = s.match(CONTROL_RE)?.length ?? 0;
  return n > 8 && n * 10 > s.length;
}

function seenAs(ctx: DecodeContext, peel: Peeled | null, ts: LocalTimestamp | null): Instant | null {
  if (ts !== null) return ctx.toInstant(ts);
  if (peel === null || peel.stamp === null) return null;
  if (peel.yearless) return ctx.toInstant({ ...peel.stamp, year: ctx.yearFor(peel.stamp.month, peel.stamp.day) });
  return ctx.toInstant(peel.stamp);
}

/** Decides one line (or a CRI line joined from its partials, or a wrapped line joined back). */
export function decodeLine(raw: string, ctx: DecodeContext, place: LinePlace): Outcome[] {
  let text = raw;
  let damaged = place.wrapped === true;
  let binary = false;
  if (ODD_ANY.test(text)) {
    binary = isBinary(text);
    if (text.includes('\0')) {
      text = text.replace(/\0+/g, '');
      damaged = true;
    }
    if (text.includes('\x1b')) text = text.replace(ANSI_RE, '');
    if (text.includes('`')) text = text.replace(/^\s*`+|`+\s*$/g, '');
  }
  if (text.charCodeAt(text.length - 1) === 13) text = text.replace(/\r+$/, '');
  let peel = peelEnvelope(text, place.hint);
  if (peel !== null && peel.kind === 'apache') peel = null;
  if (peel?.damaged === true) damaged = true;
  const envelope: EnvelopeKind = peel?.kind ?? 'apache';
  const host = peel?.host == null ? null : ctx.intern(peel.host);
  const inner =
    peel === null || !peel.inner.includes('`') ? (peel?.inner ?? text) : peel.inner.replace(/^\s*`+|`+\s*$/g, '');
  const starts = findRecordStarts(inner);
  const segs: { from: number; to: number; stamped: boolean }[] = [];
  if (starts.length === 0) segs.push({ from: 0, to: inner.length, stamped: false });
  else {
    // text before the first record: prose around a pasted line, or a foreign prefix
    if (starts[0]! > 0 && /\S/.test(inner.slice(0, starts[0]))) {
      damaged = true;
      if (SIGNATURE_RE.test(inner.slice(0, starts[0]))) segs.push({ from: 0, to: starts[0]!, stamped: false });
    }
    for (let k = 0; k < starts.length; k++)
      segs.push({ from: starts[k]!, to: starts[k + 1] ?? inner.length, stamped: true });
  }
  const out: Outcome[] = [];
  for (const seg of segs) {
    const o = decodeSegment(inner.slice(seg.from, seg.to).trimEnd(), seg.stamped, {
      ctx,
      place,
      peel,
      envelope,
      host,
      damaged: damaged || (starts.length > 1 && seg.stamped),
      raw,
    });
    if (o !== null) out.push(o);
  }
  if (binary && out.length > 0 && out.every((o) => o.t === 'unreadable'))
    return [{ t: 'unreadable', reason: 'binary', untimed: null }];
  return out;
}

interface SegmentCtx {
  ctx: DecodeContext;
  place: LinePlace;
  peel: Peeled | null;
  envelope: EnvelopeKind;
  host: string | null;
  damaged: boolean;
  raw: string;
}

function decodeSegment(seg: string, stamped: boolean, s: SegmentCtx): Outcome | null {
  const { ctx, place, peel } = s;
  const signature = SIGNATURE_RE.test(seg);
  const lifecycle = !signature && LIFECYCLE_HINT.test(seg);
  if (!signature && !lifecycle) return null;
  let damaged = s.damaged;
  let fields: ApacheFields;
  let ts: LocalTimestamp | null = null;
  if (stamped) {
    let line = seg;
    // the leading "[" lost: "Tue Nov 17 06:25:03.412338 2026] [wsgi:error] …"
    if (/^[A-Z][a-z]{2} [^\]]{15,36}\] /.test(line)) {
      line = '[' + line;
      damaged = true;
    } else if (line.charCodeAt(0) === 91 && !/^\[[^\]]{19,40}\]/.test(line)) {
      line = line.slice(1); // "[Tue … 2026 [wsgi:error]": the closing bracket lost
      damaged = true;
    }
    const rec = parseRecord(line);
    if (rec !== null) {
      ts = rec.ts;
      fields = { ...rec, sawPid: rec.format === '2.4' };
    } else fields = parseFields(line, 0);
  } else fields = parseFields(seg, 0);
  const time = seenAs(ctx, peel, ts);
  const message = fields.message.trim();

  if (lifecycle) {
    if (time === null) return null;
    const life = readLifecycle(fields.module, message, { file: ctx.file, line: place.line, time }, fields.pid, s);
    return life === null ? null : { t: 'marker', ...life };
  }
  if (!signature || isNonEvent(message)) return null;
  // "[remote …]": output of the application inside a daemon (apache-error-log.md §2), which may
  // quote the message; mod_wsgi's own connect lines come from Apache children ("[client …]").
  if (fields.clientKind === 'remote') return null;

  const strict = matchMessage(message);
  let match: WsgiMatch | null = strict;
  let cut = false;
  if (match === null) {
    const lm = matchLenient(seg, fields.errno);
    if (lm === null) return unreadable('unknown-message', null);
    match = lm;
    cut = lm.cut;
    damaged = true;
  }
  const g = match.groups;
  if (
    fields.redacted === true ||
    looksRedacted(seg) ||
    g.socket === '(null)' ||
    (fields.client !== null && !ADDRESS_RE.test(fields.client))
  )
    damaged = true;
  // A line cut where a file was split (rotation boundary): its halves are not events.
  // (The first line of an input is the second half when it starts inside a message.)
  if (
    (place.atEof && strict === null) ||
    (place.atStart && !stamped && peel === null && strict === null && !LINE_START_RE.test(seg))
  )
    return unreadable('cut', null);
  if (time === null) {
    const reason: UnreadableReason =
      peel === null && /^[\d{<]/.test(s.raw.trimStart()) ? 'unknown-envelope' : 'no-time';
    return unreadable(reason, untimedOf(reason, match, fields, s));
  }
  const ev = buildEvent(
    fields,
    match,
    { time, file: ctx.file, line: place.line, message, host: s.host, envelope: s.envelope, damaged: damaged || cut },
    ctx.intern,
  );
  return 'connect' in ev ? { t: 'connect', ev: ev.connect } : { t: 'related', ev: ev.related };

  function unreadable(reason: UnreadableReason, untimed: UntimedEvent | null): Outcome {
    return { t: 'unreadable', reason, untimed };
  }
}

function untimedOf(reason: UnreadableReason, match: WsgiMatch, f: ApacheFields, s: SegmentCtx): UntimedEvent {
  const e = match.entry;
  const g = match.groups;
  const i = (x: string | null | undefined) => (x == null ? null : s.ctx.intern(x));
  const socket = i(g.socket);
  const code =
    e.kind === 'connect'
      ? typeof e.code === 'function'
        ? e.code(f.errno)
        : (e.code as string | null)
      : (g.code ?? g.code2 ?? g.code3 ?? null);
  return {
    file: s.ctx.file,
    line: s.place.line,
    reason,
    kind: e.kind,
    code: code ?? (e.kind === 'connect' ? codeForErrno(f.errno) : null),
    errno: f.errno,
    errnoText: i(f.errnoText),
    group: i(g.group ?? g.group2 ?? g.group3),
    socket,
    socketInfo: socket === null ? null : decodeSocketPath(socket),
    host: s.host,
    envelope: s.peel?.kind ?? null,
    modWsgiMessageStyle: e.style,
  };
}
