// The envelope table: one entry per way a log line reaches us (lnav's src/formats/*.json is the
// model: a format is data, with sample lines that double as tests). Each entry has
//   sniff  – a few byte comparisons at the start of a line, run on every line (envelope counts);
//   peel   – run only on lines that carry a signature: host, time and the carried text.
// A file may mix envelopes; each line is classified on its own. Adding a format is one entry
// here plus its samples (and a fixture). Formats:
//   rsyslog templates RSYSLOG_TraditionalFileFormat (RFC 3164) and RSYSLOG_FileFormat (RFC 3339),
//   RFC 5424 ("<PRI>1 TS HOST APP PROCID MSGID SD MSG"), systemd journalctl -o json / -o short-iso
//   (src/shared/logs-show.c: short-iso prints "%Y-%m-%dT%H:%M:%S%z", an offset without a colon),
//   docker logs -t (RFC 3339 nano + space), docker json-file ({"log","stream","time"}), CRI
//   ("<RFC3339Nano> stdout|stderr F|P <text>", kubelet pkg/kubelet/kuberuntime/logs), and a
//   forwarder's ISO stamp glued (or tab-separated) before the line.
import type { EnvelopeKind } from '../model.js';
import { looksLikeRecordStart, MONTHS, parseTimestamp, type LocalTimestamp } from '../apache/index.js';

export interface Peeled {
  kind: EnvelopeKind;
  host: string | null;
  /** the envelope's own time; null when it has none (a bare Apache line carries its own) */
  stamp: LocalTimestamp | null;
  /** the stamp has no year (RFC 3164): the reader infers it and says so */
  yearless: boolean;
  /** the carried text: an Apache line, or (under syslog) an Apache message without its [time] */
  inner: string;
  /** a CRI "P" line: its text continues on the next line of the same stream */
  partial: boolean;
  /** the envelope itself was read leniently (e.g. a cut JSON object) */
  damaged: boolean;
}

export interface EnvelopeSample {
  line: string;
  /** where the line came from; hand-written lines say so */
  source: string;
  expect: { host: string | null; time: string | null; inner: string; partial?: boolean };
}

export interface EnvelopeDef {
  kind: EnvelopeKind;
  description: string;
  sniff(b: Uint8Array, i: number, end: number): boolean;
  peel(line: string): Peeled | null;
  samples: readonly EnvelopeSample[];
}

const MONTH_FIRST = new Set([74, 70, 77, 65, 83, 79, 78, 68]); // J F M A S O N D

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

/** "YYYY-MM-DDTHH:MM:SS[.f…][Z|±hh[:]mm]" at i: the index after it, and whether the offset had a colon. */
function isoTEnd(b: Uint8Array, i: number, end: number): { end: number; colon: boolean; offset: boolean } {
  const no = { end: -1, colon: false, offset: false };
  if (end - i < 19 || !isDigit(b[i]) || b[i + 4] !== 45 || b[i + 7] !== 45 || b[i + 10] !== 84 || b[i + 13] !== 58)
    return no;
  let j = i + 19;
  if (b[j] === 46) {
    j++;
    while (j < end && isDigit(b[j])) j++;
  }
  if (b[j] === 90) return { end: j + 1, colon: false, offset: true };
  if ((b[j] === 43 || b[j] === 45) && isDigit(b[j + 1]) && isDigit(b[j + 2])) {
    if (b[j + 3] === 58) return { end: j + 6, colon: true, offset: true };
    return { end: j + 5, colon: false, offset: true };
  }
  return { end: j, colon: false, offset: false };
}

/** After "TS ": does "HOST TAG[PID]: " follow (within the first bytes)? */
function hostTagFollows(b: Uint8Array, i: number, end: number): boolean {
  if (b[i] === 91 /* [ */ || b[i] === 123 /* { */) return false;
  let j = i;
  const hostEnd = Math.min(end, i + 256);
  while (j < hostEnd && b[j] !== 32) j++;
  if (j >= hostEnd || j === i) return false;
  const lim = Math.min(end, j + 64);
  for (let k = j + 1; k < lim; k++) {
    const c = b[k];
    if (c === 58 /* : */) return k + 1 >= end || b[k + 1] === 32;
    if (c === 91 /* [ */ && k === j + 1) return false; // "[wsgi:error]" right after the host: not a tag
  }
  return false;
}

const ISO_T = String.raw`(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)`;
// The syslog tag: "apache2[812]:", "httpd:", and the daemon processes' mangled "pp)    [4242]:"
// (display-name=%{GROUP} overwrote the process title; reproduction-findings.md §4).
const TAG = String.raw`(?<tag>[^:\[\s]*[^:\[]{0,16}?)\s*(?:\[(?<pid>[^\]]*)\])?:`;
const RE_CRI = new RegExp(`^${ISO_T} (stdout|stderr) ([FP]) ?(.*)$`, 's');
const RE_ISO_SYSLOG = new RegExp(`^${ISO_T} (?<host>\\S+) ${TAG} ?(?<msg>.*)$`, 's');
const RE_5424 = new RegExp(
  `^<\\d{1,3}>1 (?:${ISO_T}|-) (?<host>\\S+) (?<app>\\S+) (?<procid>\\S+) (?<msgid>\\S+) (?:-|(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+) ?(?<msg>.*)$`,
  's',
);
const RE_3164 = new RegExp(
  `^(?:<\\d{1,3}>)?(?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<day>[ \\d]\\d) (?<hms>\\d\\d:\\d\\d:\\d\\d)(?:\\.(?<frac>\\d{1,6}))? (?<host>\\S+) ${TAG} ?(?<msg>.*)$`,
  's',
);
const RE_ISO_SPACE = new RegExp(`^${ISO_T} (.*)$`, 's');
const RE_ISO_GLUED = new RegExp(`^${ISO_T}\\t?(.*)$`, 's');

function iso(s: string | undefined): LocalTimestamp | null {
  if (s === undefined) return null;
  return parseTimestamp(s, 0)?.ts ?? null;
}

function peeled(
  kind: EnvelopeKind,
  host: string | null,
  stamp: LocalTimestamp | null,
  inner: string,
  more: Partial<Peeled> = {},
): Peeled {
  return { kind, host, stamp, yearless: false, inner, partial: false, damaged: false, ...more };
}

/** UTC fields of an epoch time in microseconds, as a stamp with offset 0. */
function fromEpochMicros(us: number): LocalTimestamp | null {
  if (!Number.isFinite(us)) return null;
  const d = new Date(Math.floor(us / 1000));
  if (Number.isNaN(d.getTime())) return null;
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micros: Math.floor(us % 1_000_000),
    offsetMinutes: 0,
    style: 'iso-usec',
  };
}

/** A JSON object line; a cut one (no closing brace) is read field by field. */
function jsonFields(line: string): { obj: Record<string, unknown>; damaged: boolean } | null {
  try {
    const v: unknown = JSON.parse(line);
    if (v !== null && typeof v === 'object' && !Array.isArray(v))
      return { obj: v as Record<string, unknown>, damaged: false };
    return null;
  } catch {
    const obj: Record<string, unknown> = {};
    const re = /"([A-Za-z_]+)"\s*:\s*"((?:[^"\\]|\\.)*)"?/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) !== null) {
      try {
        obj[m[1]!] = JSON.parse(`"${m[2]!}"`);
      } catch {
        obj[m[1]!] = m[2]!;
      }
    }
    return Object.keys(obj).length > 0 ? { obj, damaged: true } : null;
  }
}

function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  // journald exports non-UTF-8 or binary messages as an array of byte values
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return Buffer.from(v as number[]).toString('utf8');
  return null;
}

function stripNl(s: string): string {
  return s.endsWith('\n') ? s.slice(0, s.endsWith('\r\n') ? -2 : -1) : s;
}

export const ENVELOPES: readonly EnvelopeDef[] = [
  {
    kind: 'apache',
    description:
      'a bare Apache error-log line: 2.2, the 2.4 built-in format, or a custom ErrorLogFormat (also "%{cu}t %M"), and the unprefixed startup lines (AH00558)',
    sniff: (b, i, end) =>
      b[i] === 91 ||
      (looksLikeRecordStart(b, i, end) && b[i + 10] !== 84) ||
      (b[i] === 65 && b[i + 1] === 72 && isDigit(b[i + 2]) && b[i + 7] === 58),
    peel: (line) => peeled('apache', null, null, line),
    samples: [
      {
        line: "[Sun Mar 20 03:39:40.009049 2016] [wsgi:error] [pid 22516:tid 140026339231488] (2)No such file or directory: [client x.x.x.x:x] mod_wsgi (pid=22516): Unable to connect to WSGI daemon process 'sync' on '/var/run/apache2/wsgi.22506.0.1.sock' as user with uid=33.",
        source: 'real line, mod_wsgi issue #124',
        expect: {
          host: null,
          time: null,
          inner:
            "[Sun Mar 20 03:39:40.009049 2016] [wsgi:error] [pid 22516:tid 140026339231488] (2)No such file or directory: [client x.x.x.x:x] mod_wsgi (pid=22516): Unable to connect to WSGI daemon process 'sync' on '/var/run/apache2/wsgi.22506.0.1.sock' as user with uid=33.",
        },
      },
      {
        line: "2017-08-30 17:33:15.741187 mod_wsgi (pid=31029): Unable to connect to WSGI daemon process 'keystone-public' on '/var/run/wsgi.30990.0.1.sock' after multiple attempts as listener backlog limit was exceeded.",
        source: 'OpenStack/SUSE Cloud ErrorLogFormat "%{cu}t %M" (SUSE-Cloud/automation#1564 shape; hand-written)',
        expect: {
          host: null,
          time: null,
          inner:
            "2017-08-30 17:33:15.741187 mod_wsgi (pid=31029): Unable to connect to WSGI daemon process 'keystone-public' on '/var/run/wsgi.30990.0.1.sock' after multiple attempts as listener backlog limit was exceeded.",
        },
      },
    ],
  },
  {
    kind: 'cri',
    description:
      'Kubernetes CRI container log: "<RFC3339Nano> stdout|stderr F|P <text>" (P: continued on the next line)',
    sniff: (b, i, end) => {
      const t = isoTEnd(b, i, end);
      return (
        t.end > 0 &&
        b[t.end] === 32 &&
        b[t.end + 1] === 115 /* s */ &&
        b[t.end + 2] === 116 /* t */ &&
        b[t.end + 7] === 32 &&
        (b[t.end + 8] === 70 || b[t.end + 8] === 80)
      );
    },
    peel: (line) => {
      const m = RE_CRI.exec(line);
      if (m === null) return null;
      return peeled('cri', null, iso(m[1]), m[4]!, { partial: m[3] === 'P' });
    },
    samples: [
      {
        line: "2026-11-17T05:25:03.412338912Z stderr F [Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 140553] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' as user with uid=48.",
        source: 'hand-written from the CRI log format (kubelet kuberuntime logs)',
        expect: {
          host: null,
          time: '2026-11-17T05:25:03.412Z',
          inner:
            "[Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 140553] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' as user with uid=48.",
        },
      },
      {
        line: '2026-11-17T05:25:03.412338912Z stderr P [Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 140553] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI',
        source: 'hand-written CRI partial line',
        expect: {
          host: null,
          time: '2026-11-17T05:25:03.412Z',
          inner:
            '[Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 140553] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI',
          partial: true,
        },
      },
    ],
  },
  {
    kind: 'journal-short',
    description: 'journalctl -o short-iso / short-iso-precise: "YYYY-MM-DDTHH:MM:SS[.µs]+hhmm HOST TAG[PID]: MSG"',
    sniff: (b, i, end) => {
      const t = isoTEnd(b, i, end);
      return (
        t.end > 0 && t.offset && !t.colon && b[t.end - 1] !== 90 && b[t.end] === 32 && hostTagFollows(b, t.end + 1, end)
      );
    },
    peel: (line) => {
      const m = RE_ISO_SYSLOG.exec(line);
      if (m === null) return null;
      return peeled('journal-short', m.groups!.host!, iso(m[1]), m.groups!.msg!);
    },
    samples: [
      {
        line: "2026-11-17T06:25:03+0100 web01 apache2[812]: [wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' as user with uid=33.",
        source: 'hand-written from systemd logs-show.c short-iso (pending a capture)',
        expect: {
          host: 'web01',
          time: '2026-11-17T05:25:03.000Z',
          inner:
            "[wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' as user with uid=33.",
        },
      },
    ],
  },
  {
    kind: 'syslog-rfc5424',
    description:
      'syslog with an RFC 3339 stamp: rsyslog RSYSLOG_FileFormat "TS HOST TAG[PID]: MSG", or RFC 5424 "<PRI>1 TS HOST APP PROCID MSGID SD MSG"',
    sniff: (b, i, end) => {
      if (b[i] === 60 /* < */) {
        let j = i + 1;
        while (j < i + 5 && isDigit(b[j])) j++;
        return b[j] === 62 && b[j + 1] === 49 && b[j + 2] === 32;
      }
      const t = isoTEnd(b, i, end);
      return (
        t.end > 0 &&
        (t.colon || !t.offset || b[t.end - 1] === 90) &&
        b[t.end] === 32 &&
        hostTagFollows(b, t.end + 1, end)
      );
    },
    peel: (line) => {
      if (line.charCodeAt(0) === 60) {
        const m = RE_5424.exec(line);
        if (m === null) return null;
        const host = m.groups!.host === '-' ? null : m.groups!.host!;
        return peeled('syslog-rfc5424', host, iso(m[1]), m.groups!.msg!.replace(/^\uFEFF/, ''));
      }
      const m = RE_ISO_SYSLOG.exec(line);
      if (m === null) return null;
      return peeled('syslog-rfc5424', m.groups!.host!, iso(m[1]), m.groups!.msg!);
    },
    samples: [
      {
        line: "2026-11-17T06:25:03.412338+01:00 web01 apache2[812]: [wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' as user with uid=33.",
        source: 'hand-written in the RSYSLOG_FileFormat template (pending a capture)',
        expect: {
          host: 'web01',
          time: '2026-11-17T05:25:03.412Z',
          inner:
            "[wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' as user with uid=33.",
        },
      },
      {
        line: "<139>1 2026-11-17T06:25:03.412338+01:00 web02 httpd 812 - - [wsgi:error] [pid 4242:tid 4242] (111)Connection refused: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' after multiple attempts as listener backlog limit was exceeded or the socket does not exist.",
        source: 'hand-written RFC 5424 line (as forwarded with RSYSLOG_SyslogProtocol23Format)',
        expect: {
          host: 'web02',
          time: '2026-11-17T05:25:03.412Z',
          inner:
            "[wsgi:error] [pid 4242:tid 4242] (111)Connection refused: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' after multiple attempts as listener backlog limit was exceeded or the socket does not exist.",
        },
      },
    ],
  },
  {
    kind: 'docker-t',
    description: 'docker logs -t: "<RFC3339Nano> <line>"',
    sniff: (b, i, end) => {
      const t = isoTEnd(b, i, end);
      return t.end > 0 && b[t.end] === 32;
    },
    peel: (line) => {
      const m = RE_ISO_SPACE.exec(line);
      if (m === null) return null;
      return peeled('docker-t', null, iso(m[1]), m[2]!);
    },
    samples: [
      {
        line: "2026-11-17T05:25:03.412338912Z [Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 140553] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' as user with uid=48.",
        source: 'hand-written from docker logs --timestamps output',
        expect: {
          host: null,
          time: '2026-11-17T05:25:03.412Z',
          inner:
            "[Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 140553] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' as user with uid=48.",
        },
      },
    ],
  },
  {
    kind: 'prefixed',
    description: 'a forwarder or console export: an ISO stamp glued to the line, or separated by a tab',
    sniff: (b, i, end) => {
      const t = isoTEnd(b, i, end);
      return t.end > 0 && t.end < end && b[t.end] !== 32;
    },
    peel: (line) => {
      const m = RE_ISO_GLUED.exec(line);
      if (m === null) return null;
      return peeled('prefixed', null, iso(m[1]), m[2]!);
    },
    samples: [
      {
        line: "2025-03-25T03:40:06.000Z[Tue Mar 25 03:40:06.014205 2025] [wsgi:error] [pid 2211:tid 2211] (2)No such file or directory: [client 10.0.0.5:40100] mod_wsgi (pid=2211): Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1900.7.1.sock' as user with uid=48.",
        source: 'the shape quoted in issue 13 (hand-written)',
        expect: {
          host: null,
          time: '2025-03-25T03:40:06.000Z',
          inner:
            "[Tue Mar 25 03:40:06.014205 2025] [wsgi:error] [pid 2211:tid 2211] (2)No such file or directory: [client 10.0.0.5:40100] mod_wsgi (pid=2211): Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1900.7.1.sock' as user with uid=48.",
        },
      },
      {
        line: '2025-03-25T03:40:06.000Z\t[Tue Mar 25 03:40:06.014205 2025] [mpm_prefork:notice] [pid 1900:tid 1900] AH00171: Graceful restart requested, doing restart',
        source: 'the tab-separated shape quoted in issue 13 (hand-written)',
        expect: {
          host: null,
          time: '2025-03-25T03:40:06.000Z',
          inner:
            '[Tue Mar 25 03:40:06.014205 2025] [mpm_prefork:notice] [pid 1900:tid 1900] AH00171: Graceful restart requested, doing restart',
        },
      },
    ],
  },
  {
    kind: 'syslog-rfc3164',
    description:
      'syslog RFC 3164 as rsyslog/syslog-ng/logger write it: "[<PRI>]Mmm dd HH:MM:SS HOST TAG[PID]: MSG" (no year: inferred)',
    sniff: (b, i, end) => {
      let j = i;
      if (b[j] === 60) {
        j++;
        while (j < i + 5 && isDigit(b[j])) j++;
        if (b[j] !== 62) return false;
        j++;
      }
      return (
        end - j > 16 &&
        MONTH_FIRST.has(b[j]!) &&
        b[j + 3] === 32 &&
        b[j + 6] === 32 &&
        b[j + 9] === 58 &&
        b[j + 12] === 58
      );
    },
    peel: (line) => {
      const m = RE_3164.exec(line);
      if (m === null) return null;
      const g = m.groups!;
      const [hh, mm, ss] = g.hms!.split(':').map(Number) as [number, number, number];
      const frac = g.frac;
      const stamp: LocalTimestamp = {
        year: 0,
        month: MONTHS[g.mon!]!,
        day: Number(g.day!.trim()),
        hour: hh,
        minute: mm,
        second: ss,
        micros: frac === undefined ? 0 : Number((frac + '000000').slice(0, 6)),
        offsetMinutes: null,
        style: frac === undefined ? 'ctime' : 'ctime-usec',
      };
      return peeled('syslog-rfc3164', g.host!, stamp, g.msg!, { yearless: true });
    },
    samples: [
      {
        line: "Nov 17 06:25:03 web01 apache2[812]: [wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' as user with uid=33.",
        source: 'hand-written in RSYSLOG_TraditionalFileFormat (pending a capture)',
        expect: {
          host: 'web01',
          time: null,
          inner:
            "[wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' as user with uid=33.",
        },
      },
      {
        line: 'Nov 17 06:25:03 web01 pp)    [4301]: [wsgi:alert] [pid 4301:tid 4301] mod_wsgi (pid=4301): Request origin could not be validated.',
        source: 'the mangled daemon tag seen in the reproduction (reproduction-findings.md §4; hand-written)',
        expect: {
          host: 'web01',
          time: null,
          inner: '[wsgi:alert] [pid 4301:tid 4301] mod_wsgi (pid=4301): Request origin could not be validated.',
        },
      },
    ],
  },
  {
    kind: 'journal-json',
    description: 'journalctl -o json: one object per line; MESSAGE, __REALTIME_TIMESTAMP (µs), _HOSTNAME',
    sniff: (b, i) => b[i] === 123 && b[i + 1] === 34 && b[i + 2] === 95 /* {"_ */,
    peel: (line) => {
      if (line.charCodeAt(0) !== 123) return null;
      const j = jsonFields(line);
      if (j === null) return null;
      const msg = textOf(j.obj.MESSAGE);
      if (msg === null) return null;
      const ts = j.obj.__REALTIME_TIMESTAMP;
      const stamp = typeof ts === 'string' || typeof ts === 'number' ? fromEpochMicros(Number(ts)) : null;
      const host = typeof j.obj._HOSTNAME === 'string' ? j.obj._HOSTNAME : null;
      return peeled('journal-json', host, stamp, stripNl(msg), { damaged: j.damaged });
    },
    samples: [
      {
        line: '{"__CURSOR":"s=1;i=1","__REALTIME_TIMESTAMP":"1795411503412338","_HOSTNAME":"web01","SYSLOG_IDENTIFIER":"apache2","_PID":"812","MESSAGE":"[wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process \'app\' on \'/var/run/apache2/wsgi.1200.3.1.sock\' as user with uid=33."}',
        source: 'hand-written journalctl -o json record (pending a capture)',
        expect: {
          host: 'web01',
          time: '2026-11-23T05:25:03.412Z',
          inner:
            "[wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' as user with uid=33.",
        },
      },
    ],
  },
  {
    kind: 'docker-json',
    description: 'docker json-file driver: {"log":"<line>\\n","stream":"stderr","time":"<RFC3339Nano>"}',
    sniff: (b, i) => b[i] === 123 && b[i + 1] === 34 && b[i + 2] === 108 && b[i + 3] === 111 && b[i + 4] === 103,
    peel: (line) => {
      if (line.charCodeAt(0) !== 123) return null;
      const j = jsonFields(line);
      if (j === null) return null;
      const log = textOf(j.obj.log);
      if (log === null) return null;
      const time = typeof j.obj.time === 'string' ? iso(j.obj.time) : null;
      return peeled('docker-json', null, time, stripNl(log), { damaged: j.damaged });
    },
    samples: [
      {
        line: '{"log":"[Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 140553] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process \'app\' on \'/run/httpd/wsgi.1200.3.1.sock\' as user with uid=48.\\n","stream":"stderr","time":"2026-11-17T05:25:03.412338912Z"}',
        source: 'hand-written docker json-file record',
        expect: {
          host: null,
          time: '2026-11-17T05:25:03.412Z',
          inner:
            "[Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 140553] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' as user with uid=48.",
        },
      },
    ],
  },
];

/** Index into ENVELOPES of the envelope a line starts with, or -1. Called on every line. */
export function sniffEnvelope(b: Uint8Array, i: number, end: number): number {
  for (let k = 0; k < ENVELOPES.length; k++) if (ENVELOPES[k]!.sniff(b, i, end)) return k;
  return -1;
}

/** Peels a line (as text): the sniffed envelope first, then every other; null when none fits. */
export function peelEnvelope(line: string, hint = -1): Peeled | null {
  if (hint >= 0) {
    const p = ENVELOPES[hint]!.peel(line);
    if (p !== null) return p;
  }
  for (let k = 0; k < ENVELOPES.length; k++) {
    if (k === hint || k === 0) continue;
    const p = ENVELOPES[k]!.peel(line);
    if (p !== null) return p;
  }
  return null;
}
