// The mod_wsgi message catalogue: one table, the single source of truth for the parser, the
// docs and the tests (lnav-style: regex + real sample lines with the values they must yield).
//
// Templates from the mod_wsgi source (src/server/*.c):
//   3.x  mod_wsgi.c wsgi_connect_daemon()            "… after multiple attempts."
//   4.x  src/server/mod_wsgi.c wsgi_connect_daemon() "… as listener backlog limit was exceeded[ or the socket does not exist]." / "… as user with uid=N." / "… on '%s'." (4.1.0–4.4.0)
//   6.x  src/server/wsgi_remote.c                     "[script …] WSGI0116: …" / "WSGI0117: …"
// Related messages: 4.9.4 mod_wsgi.c ("Request origin could not be validated.", "Truncated or
// oversized response headers received from daemon process '%s': <script>"), 6.0.5
// wsgi_daemon.c WSGI0033/WSGI0034 and wsgi_remote.c WSGI0115, WSGI0121–0125, WSGI0144–0147,
// WSGI0084, WSGI0150–0152 (checked against the mod_wsgi-6.0.5 sources).
import type { MessageStyle, RelatedKind, WsgiCode } from '../model.js';

export type EntryKind = 'connect' | RelatedKind;

export interface SampleExpectation {
  code?: string | null;
  group?: string | null;
  socket?: string | null;
  errno?: number | null;
  pid?: number | null;
  childUid?: number | null;
  client?: string | null;
}

export interface CatalogueEntry {
  id: string;
  kind: EntryKind;
  /** the code this variant is reported as; for 3.x "after multiple attempts." it depends on errno */
  code: WsgiCode | string | null | ((errno: number | null) => WsgiCode);
  style: MessageStyle;
  versions: string;
  level: string;
  /** matched against the message text after the Apache prefix, errno and client parts */
  pattern: RegExp;
  samples: { line: string; source: string; expect: SampleExpectation }[];
}

/** ECONNREFUSED (111) and EAGAIN (11) are the retryable errors (WSGI0116); anything else is WSGI0117. */
export function codeForErrno(errno: number | null): WsgiCode {
  return errno === 111 || errno === 11 ? 'WSGI0116' : 'WSGI0117';
}

// "mod_wsgi (pid=N): " — the pid is sometimes redacted by users ("mod_wsgi: …", issue #878).
const P4 = String.raw`mod_wsgi(?: \(pid=(?<pid>\d+)\))?: `;
// 6.x: optional "[script <r->filename>] " added by wsgi_log_rerror_ex (src/server/wsgi_logger.c).
const P6 = String.raw`(?:\[script (?<script>[^\]]*)\] )?`;
const GS = String.raw`'(?<group>[^']*)' on '(?<socket>[^']*)'`; // no quotes inside: linear on hostile input (issue 18)

export const CATALOGUE: readonly CatalogueEntry[] = [
  // ---------------------------------------------------------------- connect failures
  {
    id: 'connect-3x-multiple-attempts',
    kind: 'connect',
    code: codeForErrno,
    style: '3.x',
    versions: '2.0–3.5',
    level: 'error',
    pattern: new RegExp(`^${P4}Unable to connect to WSGI daemon process ${GS} after multiple attempts\\.$`),
    samples: [
      {
        line: "[Tue Sep 22 04:20:37 2015] [error] [client 50.131.221.92] (13)Permission denied: mod_wsgi (pid=3302): Unable to connect to WSGI daemon process 'astronomy' on '/etc/httpd/logs/wsgi.3299.0.1.sock' after multiple attempts.",
        source: 'real Apache 2.2 line quoted in apache-error-log.md §1',
        expect: {
          code: 'WSGI0117',
          group: 'astronomy',
          socket: '/etc/httpd/logs/wsgi.3299.0.1.sock',
          errno: 13,
          pid: 3302,
          client: '50.131.221.92',
        },
      },
      {
        line: "[Wed Jun 05 18:31:02.118774 2013] [:error] [pid 4101] [client 10.1.2.3:40112] (111)Connection refused: mod_wsgi (pid=4101): Unable to connect to WSGI daemon process 'eoxserver' on '/var/run/wsgi.4090.0.1.sock' after multiple attempts.",
        source:
          'constructed: mod_wsgi 3.4 mod_wsgi.c template on Apache 2.4 ("[:error]", no APLOG_USE_MODULE), ECONNREFUSED on the 15th attempt',
        expect: { code: 'WSGI0116', group: 'eoxserver', errno: 111, pid: 4101 },
      },
    ],
  },
  {
    id: 'connect-4.1-plain',
    kind: 'connect',
    code: 'WSGI0117',
    style: '4.x',
    versions: '4.1.0–4.4.0 (non-retryable error)',
    level: 'error',
    pattern: new RegExp(`^${P4}Unable to connect to WSGI daemon process ${GS}\\.$`),
    samples: [
      {
        line: "[Fri Aug 07 10:12:44.313054 2020] [wsgi:error] [pid 16878:tid 140398391854848] (11)Resource temporarily unavailable: [client 203.0.113.50:51022] mod_wsgi (pid=16878): Unable to connect to WSGI daemon process 'xx' on '/var/run/apache2/wsgi.1401.2.1.sock'.",
        source:
          'message from mod_wsgi issue #599 (redacted client restored to a documentation address; prefix built from the 2.4 format)',
        expect: { code: 'WSGI0117', group: 'xx', socket: '/var/run/apache2/wsgi.1401.2.1.sock', errno: 11, pid: 16878 },
      },
    ],
  },
  {
    id: 'connect-4.1-backlog',
    kind: 'connect',
    code: 'WSGI0116',
    style: '4.x',
    versions: '4.1.0–4.5.x',
    level: 'error',
    pattern: new RegExp(
      `^${P4}Unable to connect to WSGI daemon process ${GS} after multiple attempts as listener backlog limit was exceeded\\.$`,
    ),
    samples: [
      {
        line: "[Thu Sep 21 20:36:50.677960 2017] [wsgi:error] [pid 4851:tid 139801445459712] (11)Resource temporarily unavailable: [client 172.68.26.81:31565] mod_wsgi (pid=4851): Unable to connect to WSGI daemon process 'site' on '/var/run/wsgi.4626.0.1.sock' after multiple attempts as listener backlog limit was exceeded.",
        source: 'real line, mod_wsgi issue #228',
        expect: {
          code: 'WSGI0116',
          group: 'site',
          socket: '/var/run/wsgi.4626.0.1.sock',
          errno: 11,
          pid: 4851,
          client: '172.68.26.81:31565',
        },
      },
    ],
  },
  {
    id: 'connect-4.6-backlog',
    kind: 'connect',
    code: 'WSGI0116',
    style: '4.x',
    versions: '4.6.0–5.0.x',
    level: 'error',
    pattern: new RegExp(
      `^${P4}Unable to connect to WSGI daemon process ${GS} after multiple attempts as listener backlog limit was exceeded or the socket does not exist\\.$`,
    ),
    samples: [
      {
        line: "[Sat Feb 22 10:47:20.021513 2025] [wsgi:error] [pid 1197677:tid 1197722] (11)Resource temporarily unavailable: [client 77.218.50.147:58748] mod_wsgi (pid=1197677): Unable to connect to WSGI daemon process '127.0.0.1' on '/var/run/wsgi.3778384.3.1.sock' after multiple attempts as listener backlog limit was exceeded or the socket does not exist., referer: https://copr.fedorainfracloud.org/coprs/ublue-os/",
        source: 'real line, fedora-copr/copr issue #3639 (RHEL gettid tid, referer suffix)',
        expect: {
          code: 'WSGI0116',
          group: '127.0.0.1',
          socket: '/var/run/wsgi.3778384.3.1.sock',
          errno: 11,
          pid: 1197677,
        },
      },
    ],
  },
  {
    id: 'connect-4.4-uid',
    kind: 'connect',
    code: 'WSGI0117',
    style: '4.x',
    versions: '4.4.1–5.0.x',
    level: 'error',
    pattern: new RegExp(`^${P4}Unable to connect to WSGI daemon process ${GS} as user with uid=(?<uid>\\d+)\\.$`),
    samples: [
      {
        line: "[Sun Mar 20 03:39:40.009049 2016] [wsgi:error] [pid 22516:tid 140026339231488] (2)No such file or directory: [client x.x.x.x:x] mod_wsgi (pid=22516): Unable to connect to WSGI daemon process 'sync' on '/var/run/apache2/wsgi.22506.0.1.sock' as user with uid=33.",
        source: 'real line (client redacted by its reporter), mod_wsgi issue #124',
        expect: {
          code: 'WSGI0117',
          group: 'sync',
          socket: '/var/run/apache2/wsgi.22506.0.1.sock',
          errno: 2,
          pid: 22516,
          childUid: 33,
        },
      },
      {
        line: "[Tue May 20 03:44:05.371783 2025] [wsgi:error] [pid 22002:tid 22002] (2)No such file or directory: [client 1.1.1.1:15826] mod_wsgi (pid=22002): Unable to connect to WSGI daemon process 'revo6004abc' on '/run/httpd/wsgi.28402.19.24.sock' as user with uid=48.",
        source: 'real RHEL line, mod_wsgi issue #929',
        expect: {
          code: 'WSGI0117',
          group: 'revo6004abc',
          socket: '/run/httpd/wsgi.28402.19.24.sock',
          errno: 2,
          pid: 22002,
          childUid: 48,
          client: '1.1.1.1:15826',
        },
      },
    ],
  },
  {
    id: 'connect-6x-0116',
    kind: 'connect',
    code: 'WSGI0116',
    style: '6.x',
    versions: '6.0.0–6.0.5',
    level: 'error',
    pattern: new RegExp(
      `^${P6}WSGI0116: Unable to connect to WSGI daemon process ${GS} after multiple attempts as listener backlog limit was exceeded or the socket does not exist\\.$`,
    ),
    samples: [
      {
        line: "[Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 140553] (111)Connection refused: [client 192.0.2.7:51234] [script /srv/app/app.wsgi] WSGI0116: Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' after multiple attempts as listener backlog limit was exceeded or the socket does not exist.",
        source:
          'constructed from the mod_wsgi-6.0.5 src/server/wsgi_remote.c template and wsgi_logger.c "[script %s] %s" decoration (no public 6.x log seen)',
        expect: {
          code: 'WSGI0116',
          group: 'app',
          socket: '/run/httpd/wsgi.1200.3.1.sock',
          errno: 111,
          pid: 4242,
          client: '192.0.2.7:51234',
        },
      },
    ],
  },
  {
    id: 'connect-6x-0117',
    kind: 'connect',
    code: 'WSGI0117',
    style: '6.x',
    versions: '6.0.0–6.0.5',
    level: 'error',
    pattern: new RegExp(
      `^${P6}WSGI0117: Unable to connect to WSGI daemon process ${GS} as user with uid=(?<uid>\\d+)\\.$`,
    ),
    samples: [
      {
        line: "[Tue Nov 17 06:25:03.512338 2026] [wsgi:error] [pid 4250:tid 4250] (2)No such file or directory: [client 192.0.2.8:40002] [script /srv/app/app.wsgi] WSGI0117: Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.2.1.sock' as user with uid=48.",
        source: 'constructed from the mod_wsgi-6.0.5 src/server/wsgi_remote.c template',
        expect: { code: 'WSGI0117', group: 'app', socket: '/run/httpd/wsgi.1200.2.1.sock', errno: 2, childUid: 48 },
      },
      {
        line: "[Tue Nov 17 06:25:03.612338 2026] [wsgi:error] [pid 4251:tid 4251] (13)Permission denied: [client 192.0.2.9:40003] WSGI0117: Unable to connect to WSGI daemon process 'app' on '/etc/httpd/logs/wsgi.1200.0.1.sock' as user with uid=48.",
        source: 'constructed from the mod_wsgi-6.0.5 template, without "[script …]" (r->filename unset)',
        expect: { code: 'WSGI0117', group: 'app', errno: 13, childUid: 48 },
      },
    ],
  },
  // ---------------------------------------------------------------- related: daemon connection
  {
    id: 'socket-create-4x',
    kind: 'socket-create-failed',
    code: 'WSGI0115',
    style: '4.x',
    versions: '2.0–5.0.x',
    level: 'error/warning',
    pattern: new RegExp(`^${P4}Unable to create socket to connect to WSGI daemon process\\.$`),
    samples: [
      {
        line: '[Mon Nov 16 12:00:00.000001 2026] [wsgi:warn] [pid 3001:tid 3001] (24)Too many open files: [client 192.0.2.10:5000] mod_wsgi (pid=3001): Unable to create socket to connect to WSGI daemon process.',
        source: 'constructed from the mod_wsgi 4.9.4 src/server/mod_wsgi.c template',
        expect: { code: null, errno: 24, pid: 3001 },
      },
    ],
  },
  {
    id: 'socket-create-6x',
    kind: 'socket-create-failed',
    code: 'WSGI0115',
    style: '6.x',
    versions: '6.0.0–6.0.5',
    level: 'error',
    pattern: new RegExp(`^${P6}WSGI0115: Unable to create socket to connect to WSGI daemon process ${GS}\\.$`),
    samples: [
      {
        line: "[Mon Nov 16 12:00:00.000001 2026] [wsgi:error] [pid 3001:tid 3001] (24)Too many open files: [client 192.0.2.10:5000] [script /srv/app/app.wsgi] WSGI0115: Unable to create socket to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock'.",
        source: 'constructed from the mod_wsgi-6.0.5 src/server/wsgi_remote.c template',
        expect: { code: 'WSGI0115', group: 'app', errno: 24 },
      },
    ],
  },
  {
    id: 'send-failed-4x',
    kind: 'send-failed',
    code: null,
    style: '4.x',
    versions: '4.1.0–5.0.x',
    level: 'error',
    pattern: new RegExp(`^${P4}Unable to send request details to WSGI daemon process ${GS}\\.$`),
    samples: [
      {
        line: "[Mon Nov 16 12:00:01.000001 2026] [wsgi:error] [pid 3002:tid 3002] (32)Broken pipe: [client 192.0.2.11:5001] mod_wsgi (pid=3002): Unable to send request details to WSGI daemon process 'app' on '/var/run/apache2/wsgi.900.4.1.sock'.",
        source: 'constructed from the mod_wsgi 4.9.4 template',
        expect: { group: 'app', errno: 32 },
      },
    ],
  },
  {
    id: 'send-failed-6x',
    kind: 'send-failed',
    code: null,
    style: '6.x',
    versions: '6.0.0–6.0.5',
    level: 'error',
    pattern: new RegExp(`^${P6}(?<code>WSGI012[15]): Unable to send request details to WSGI daemon process ${GS}\\.$`),
    samples: [
      {
        line: "[Mon Nov 16 12:00:01.000001 2026] [wsgi:error] [pid 3002:tid 3002] (32)Broken pipe: [client 192.0.2.11:5001] [script /srv/app/app.wsgi] WSGI0121: Unable to send request details to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock'.",
        source: 'constructed from the mod_wsgi-6.0.5 template',
        expect: { code: 'WSGI0121', group: 'app', errno: 32 },
      },
    ],
  },
  {
    id: 'unexpected-status',
    kind: 'unexpected-status',
    code: null,
    style: '4.x',
    versions: '4.1.0–6.0.5',
    level: 'error',
    pattern: new RegExp(`^(?:${P4}|${P6}(?<code>WSGI012[23]): )Unexpected status from WSGI daemon process`),
    samples: [
      {
        line: "[Mon Nov 16 12:00:02.000001 2026] [wsgi:error] [pid 3003:tid 3003] [client 192.0.2.12:5002] mod_wsgi (pid=3003): Unexpected status from WSGI daemon process '500'.",
        source: 'constructed from the mod_wsgi 4.9.4 template',
        expect: { pid: 3003 },
      },
    ],
  },
  {
    id: 'restart-attempts',
    kind: 'restart-attempts-exhausted',
    code: 'WSGI0124',
    style: '4.x',
    versions: '4.1.0–6.0.5',
    level: 'error',
    pattern: new RegExp(
      `^(?:${P4}|${P6}WSGI0124: )Maximum number of WSGI daemon process (?:restart connects reached|'(?<group>.*?)' restart attempts reached)`,
    ),
    samples: [
      {
        line: "[Mon Nov 16 12:00:03.000001 2026] [wsgi:error] [pid 3004:tid 3004] [client 192.0.2.13:5003] mod_wsgi (pid=3004): Maximum number of WSGI daemon process restart connects reached '5'.",
        source: 'constructed from the mod_wsgi 4.9.4 template',
        expect: { pid: 3004 },
      },
    ],
  },
  {
    id: 'queue-timeout',
    kind: 'queue-timeout',
    code: 'WSGI0084',
    style: '4.x',
    versions: '4.1.0–6.0.5',
    level: 'error',
    pattern: new RegExp(`^(?:${P4}|${P6}WSGI0084: )Queue timeout expired for WSGI daemon process '(?<group>.*?)'\\.$`),
    samples: [
      {
        line: "[Mon Nov 16 12:00:04.000001 2026] [wsgi:error] [pid 3005:tid 3005] [client 192.0.2.14:5004] mod_wsgi (pid=3005): Queue timeout expired for WSGI daemon process 'app'.",
        source: 'constructed from the mod_wsgi 4.9.4 template',
        expect: { group: 'app', pid: 3005 },
      },
    ],
  },
  {
    id: 'no-daemon',
    kind: 'no-daemon-configured',
    code: null,
    style: '4.x',
    versions: '2.0–6.0.5',
    level: 'error',
    pattern: new RegExp(
      `^${P6}(?:(?<code>WSGI01(?:49|5[012])): )?(?:No WSGI daemon process called '(?<group>.*?)' has been configured|Daemon process called '(?<group2>.*?)' cannot be accessed)`,
    ),
    samples: [
      {
        line: "[Mon Nov 16 12:00:05.000001 2026] [wsgi:error] [pid 3006:tid 3006] [client 192.0.2.15:5005] No WSGI daemon process called 'app' has been configured: /srv/app/app.wsgi",
        source: 'constructed from the mod_wsgi 4.9.4 template',
        expect: { group: 'app' },
      },
    ],
  },
  // ---------------------------------------------------------------- related: old workers with rotation Off
  {
    id: 'origin-check-4x',
    kind: 'origin-check-failed',
    code: null,
    style: '4.x',
    versions: '3.0–5.0.x',
    level: 'alert',
    pattern: new RegExp(`^${P4}Request origin could not be validated\\.$`),
    samples: [
      {
        line: '[Wed Nov 18 06:25:01.731112 2026] [wsgi:alert] [pid 5521:tid 5521] mod_wsgi (pid=5521): Request origin could not be validated.',
        source:
          'mod_wsgi 4.9.4 src/server/mod_wsgi.c template; the shape seen in the reproduction (reproduction-findings.md §1)',
        expect: { pid: 5521 },
      },
    ],
  },
  {
    id: 'origin-check-6x',
    kind: 'origin-check-failed',
    code: null,
    style: '6.x',
    versions: '6.0.0–6.0.5',
    level: 'alert',
    pattern:
      /^(?<code>WSGI003[34]): Request origin could not be validated; (?:missing magic token|magic token mismatch)\.$/,
    samples: [
      {
        line: '[Wed Nov 18 06:25:01.731112 2026] [wsgi:alert] [pid 5521:tid 5521] WSGI0034: Request origin could not be validated; magic token mismatch.',
        source: 'constructed from the mod_wsgi-6.0.5 src/server/wsgi_daemon.c template',
        expect: { code: 'WSGI0034' },
      },
    ],
  },
  {
    id: 'truncated-headers-4x',
    kind: 'truncated-headers',
    code: null,
    style: '4.x',
    versions: '4.1.0–5.0.x',
    level: 'error',
    pattern:
      /^Truncated or oversized response headers received from daemon process '(?<group>.*?)'(?:: (?<script>.*))?$/,
    samples: [
      {
        line: "[Sat Feb 24 02:03:02.259434 2024] [wsgi:error] [pid 137:tid 140153012078272] [client 10.42.6.14:41134] Truncated or oversized response headers received from daemon process 'hgweb': /usr/local/www/wsgi-scripts/hgweb.wsgi",
        source: 'real line, mod_wsgi issue #876',
        expect: { group: 'hgweb', client: '10.42.6.14:41134' },
      },
    ],
  },
  {
    id: 'truncated-headers-6x',
    kind: 'truncated-headers',
    code: null,
    style: '6.x',
    versions: '6.0.0–6.0.5',
    level: 'error',
    pattern: new RegExp(
      `^${P6}(?:(?<code>WSGI014[45]): (?:Response header line too long from|Timeout when reading response headers from) daemon process '(?<group>.*?)'|(?<code2>WSGI0146): Daemon process '(?<group2>.*?)' closed connection before sending complete response headers|(?<code3>WSGI0147): Error reading response headers from daemon process '(?<group3>.*?)')`,
    ),
    samples: [
      {
        line: "[Wed Nov 18 06:25:01.731900 2026] [wsgi:error] [pid 5400:tid 5400] [client 192.0.2.20:6000] [script /srv/app/app.wsgi] WSGI0146: Daemon process 'app' closed connection before sending complete response headers.",
        source:
          'constructed from the mod_wsgi-6.0.5 src/server/wsgi_remote.c template (the successor of 4.x "Truncated or oversized" for a daemon that answers 500 without headers)',
        expect: { code: 'WSGI0146', group: 'app' },
      },
    ],
  },
  {
    id: 'daemon-died',
    kind: 'daemon-died',
    code: null,
    style: '4.x',
    versions: '3.0–6.0.5 (LogLevel info)',
    level: 'info',
    pattern:
      /^(?:mod_wsgi \(pid=(?<pid>\d+)\): )?Process '(?<group>.*?)' (?:\(pid=(?<pid6>\d+)\) )?has died(?:, deregister and restart it\.|; deregistering and restarting it\.|, restarting\.)$/,
    samples: [
      {
        line: "[Mon Nov 16 12:10:00.000001 2026] [wsgi:info] [pid 1200:tid 1200] mod_wsgi (pid=1305): Process 'app' has died, deregister and restart it.",
        source: "constructed from the mod_wsgi 4.9.4 src/server/mod_wsgi.c template (the pid printed is the daemon's)",
        expect: { group: 'app', pid: 1305 },
      },
    ],
  },
];

/**
 * Lines that mention the connect failure but are not events: mod_wsgi's retry trace lines
 * ("Connection attempt #N … failed, sleeping before retrying again.", error level in 2.0–3.5,
 * debug/trace1 later). They are recognised so that tests can show they are skipped.
 */
export const NON_EVENTS: readonly { id: string; pattern: RegExp; sample: string }[] = [
  {
    id: 'connection-attempt-retry',
    pattern:
      /Connection attempt #\d+ to WSGI daemon process '(?:(?!' on ').)*' on '.*?' failed, sleeping before retrying again\.$/,
    sample:
      "[Tue Sep 22 04:20:36 2015] [error] [client 50.131.221.92] (111)Connection refused: mod_wsgi (pid=3302): Connection attempt #1 to WSGI daemon process 'astronomy' on '/etc/httpd/logs/wsgi.3299.0.1.sock' failed, sleeping before retrying again.",
  },
];

/**
 * Byte strings whose presence makes a line worth parsing: the scan searches whole chunks for
 * them and decides only at hits (src/inputs/scanner.ts). Their cost is mostly how often their
 * first byte occurs (memchr then compare): measured on a syslog copy of the bench log, the
 * twelve of the first version cost ~190 ms CPU per 64 MiB, these ~100 ms. Chosen so that every catalogue entry
 * and lifecycle marker contains one, and so that their first byte is rare in Apache logs
 * (not a letter of the ctime weekday/month names, not a digit): Buffer.indexOf then runs at
 * memchr speed (Node's string_search.h starts with a memchr on the first byte). The reader's
 * SIMD kernel (src/inputs/kernel) searches them itself, by a two-byte fingerprint of each that
 * it picks (kernel/index.ts fingerprintAt); at most 16 needles of 2–72 bytes fit its table.
 */
export const NEEDLES: readonly string[] = [
  'GI daemon process', // every "… WSGI daemon process …" (connect, create, send, status, queue, no daemon)
  'Unable to connect', // a connect line wrapped or cut before "WSGI daemon process"
  'GI0', // every 6.x coded message: WSGI0033/0034, WSGI0115–0125, WSGI0144–0149, WSGI0084, WSGI015x
  'origin could not be validated', // 4.x and 6.x origin check
  'response headers', // 4.x "Truncated or oversized …", 6.x WSGI0145–0147
  "Process '", // daemon died (4.x/6.x)
  'Graceful restart requested', // prefork graceful
  'SIG', // SIGUSR1 (threaded graceful), SIGHUP (restart), SIGTERM (stop), SIGWINCH (graceful stop): one short needle, ~5× cheaper than four
  '-- resuming normal operations', // configured (banner)
];

/** Text that makes a line a mod_wsgi signature line: it must become an event or be counted unreadable. */
export const SIGNATURE_RE =
  /Unable to connect to WSGI|WSGI0(?:03[34]|084|11[5-7]|12[1-5]|14[4-9]|15[0-2])\b|origin could not be validated|Truncated or oversized response headers|closed connection before sending complete response headers|Unable to (?:create socket to connect|send request details) to WSGI|Queue timeout expired for WSGI|No WSGI daemon process called|Maximum number of WSGI daemon process|Unexpected status from WSGI daemon|Process '[^']*'? (?:\(pid=\d+\) )?has died(?! but server is being stopped)/;
