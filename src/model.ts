// The domain types that cross stage boundaries (one pipeline,
// read left to right). Instants are epoch milliseconds (UTC); only src/time/ turns them
// into zoned wall-clock text. Every stage imports its inputs' types from here and never
// from another stage's internals.

import type {
  Caveat,
  Evidence,
  Missing,
  RecommendationFacts,
  RecurrenceFacts,
  TestFacts,
  Verification,
} from './facts.js';
import type { ConnectErrors } from './events.js';
export type * from './facts.js';
export type { ConnectErrors, EventShape } from './events.js';

/** Epoch milliseconds. */
export type Instant = number;

export type WsgiCode = 'WSGI0116' | 'WSGI0117';
export type MessageStyle = '6.x' | '4.x' | '3.x';

/** Where a record came from: the input's display path and the 1-based physical line. */
export interface SourceRef {
  file: string;
  line: number;
}

/**
 * What carried a log line (src/inputs/envelopes.ts holds one entry per kind): a bare Apache
 * line, syslog (RFC 3164 / RFC 3339-5424), journalctl -o json / short-iso, docker logs -t,
 * docker json-file, CRI, or an ISO stamp glued before the line by a forwarder.
 */
export type EnvelopeKind =
  | 'apache'
  | 'syslog-rfc3164'
  | 'syslog-rfc5424'
  | 'journal-json'
  | 'journal-short'
  | 'docker-t'
  | 'docker-json'
  | 'cri'
  | 'prefixed';

/**
 * Why a line carrying a mod_wsgi signature did not become a timed event: no timestamp anywhere
 * (pasted from the errno on), cut where a file was split (rotation boundary), binary garbage,
 * a timestamp-like prefix no envelope knows, or a wording that could not be read even leniently.
 */
export type UnreadableReason = 'no-time' | 'cut' | 'binary' | 'unknown-envelope' | 'unknown-message';

/** Where an event's line came from beyond file:line: the host and the envelope, and whether a field was read leniently. */
export interface LineOrigin {
  /** syslog/journald hostname; null when the envelope names none */
  host: string | null;
  envelope: EnvelopeKind;
  /** true when a field had to be read leniently (a damaged quote, a redacted pid/client, a cut line, …) */
  damaged: boolean;
}

/** Decoded mod_wsgi daemon socket path (mod_wsgi wsgi_start_daemons()). */
export interface SocketInfo {
  prefix: string;
  parentPid: number;
  /** MPM generation when rotation is on, else null. */
  generation: number | null;
  /** Daemon uid when rotation is off (`u<uid>`), else null. */
  uid: number | null;
  id: number;
  rotation: 'on' | 'off';
}

/** One WSGI0116/WSGI0117 occurrence (any mod_wsgi version): the contract's events[]. */
export interface WsgiConnectError extends SourceRef, LineOrigin {
  time: Instant;
  code: WsgiCode;
  pid: number | null;
  tid: number | null;
  errno: number | null;
  errnoText: string | null;
  client: string | null;
  group: string | null;
  socket: string | null;
  socketInfo: SocketInfo | null;
  modWsgiMessageStyle: MessageStyle;
  /** uid of the Apache child from "as user with uid=N", when printed. */
  childUid: number | null;
  /** catalogue entry id that matched */
  variant: string;
}

/** Kinds of neighbouring mod_wsgi messages kept as related events (catalogue ids). */
export type RelatedKind =
  | 'socket-create-failed' // WSGI0115 / "Unable to create socket"
  | 'send-failed' // WSGI0121 / WSGI0125
  | 'unexpected-status' // WSGI0122 / WSGI0123
  | 'restart-attempts-exhausted' // WSGI0124
  | 'origin-check-failed' // "Request origin could not be validated" / WSGI0033 / WSGI0034
  | 'truncated-headers' // "Truncated or oversized response headers" / 6.x successors
  | 'queue-timeout' // WSGI0084
  | 'daemon-died' // "Process '…' has died"
  | 'no-daemon-configured'; // WSGI0150/0151/0152

export interface RelatedEvent extends SourceRef, LineOrigin {
  time: Instant;
  kind: RelatedKind;
  code: string | null; // WSGI#### when printed (6.x), else null
  pid: number | null;
  group: string | null;
  socket: string | null;
  errno: number | null;
  modWsgiMessageStyle: MessageStyle;
  variant: string;
  /** the message as the log wrote it (after the Apache prefix; at most 300 characters), so a report can quote it */
  message: string;
}

/**
 * A mod_wsgi line that could not be placed in time (counted under InputSummary.unreadable):
 * what it still tells (errno, socket, group) so the diagnosis can use it at lower confidence.
 */
export interface UntimedEvent extends SourceRef {
  reason: UnreadableReason;
  /** 'connect' for WSGI0116/WSGI0117 and their older wordings, else the related kind */
  kind: 'connect' | RelatedKind;
  code: string | null;
  errno: number | null;
  errnoText: string | null;
  group: string | null;
  socket: string | null;
  socketInfo: SocketInfo | null;
  host: string | null;
  envelope: EnvelopeKind | null;
  modWsgiMessageStyle: MessageStyle | null;
}

export type Mpm = 'prefork' | 'worker' | 'event';

/** Apache lifecycle marker; kind per the contract's restarts[]. */
export interface RestartEvent extends SourceRef {
  time: Instant;
  kind: 'graceful' | 'restart' | 'start' | 'stop';
  /** The raw marker: graceful, restart (HUP), graceful-stop, stop, configured. */
  marker: 'graceful' | 'restart' | 'graceful-stop' | 'stop' | 'configured';
  mpm: Mpm | null;
  /** Apache parent pid when the line carries one (2.4). */
  pid: number | null;
  /** a "configured" line of an already-running parent with no restart marker before it (the marker was rotated away) */
  markerMissing?: boolean;
  /** syslog/journald hostname when the envelope names one */
  host?: string | null;
  envelope?: EnvelopeKind;
  /** set in the report: a restart the diagnosis inferred from this "configured" line (its notice is not in the files read) */
  inferred?: boolean;
}

/** The server description logged with "configured -- resuming normal operations". */
export interface ServerBanner extends SourceRef {
  time: Instant;
  description: string;
  apache: string | null;
  modWsgi: string | null;
  python: string | null;
  mpm: Mpm | null;
  pid: number | null;
  host?: string | null;
}

export interface UnreadableExample {
  line: number;
  reason: UnreadableReason;
  /** the line as read (at most 300 characters; control characters kept: renderers escape them) */
  text: string;
}

export interface InputSummary {
  path: string;
  lines: number;
  /** physical lines with no recognised Apache record prefix (continuations, raw stderr, garbage) */
  unparsed: number;
  first: Instant | null;
  last: Instant | null;
  compressed: boolean;
  /** how this input was found: given on the command line, rotated sibling, directory scan, stdin */
  origin: 'given' | 'rotated-sibling' | 'directory' | 'glob' | 'stdin' | 'root';
  /** a read problem that did not stop the analysis (e.g. a truncated .gz), with how far it got */
  error: string | null;
  /** modification time when the file system preserved it */
  mtime: Instant | null;
  /** bytes read (decompressed) */
  bytes: number;
  /** physical lines per envelope kind */
  envelopes: Partial<Record<EnvelopeKind, number>>;
  /** lines carrying a mod_wsgi signature that did not become timed events, by reason */
  unreadable: Partial<Record<UnreadableReason, number>>;
  /** the first few of them */
  unreadableExamples: UnreadableExample[];
  /** what the reader assumed for this input, e.g. the year of RFC 3164 stamps */
  readerNotes: string[];
}

/** What the parser stage hands on. */
export interface ParsedLogs {
  inputs: InputSummary[];
  /** in time order (src/events.ts: columns, not an object per event) */
  events: ConnectErrors;
  related: RelatedEvent[];
  restarts: RestartEvent[];
  banners: ServerBanner[];
  /** mod_wsgi lines without a usable time (also counted in inputs[].unreadable) */
  untimed: UntimedEvent[];
  window: { start: Instant | null; end: Instant | null };
  /** what the reader noticed about the inputs as a whole (e.g. the same lines in two files) */
  notes?: string[];
}

// ---------------------------------------------------------------------------
// Rotation windows (src/logrotate + src/schedule)

/** What logrotate's postrotate/lastaction does to Apache. */
export type RotationAction = 'graceful' | 'restart' | 'none' | 'unknown';
export type Likelihood = 'certain' | 'likely' | 'possible';
export type ScheduleSource =
  'schedule' | 'cron' | 'anacron' | 'systemd' | 'state-file' | 'sibling' | 'default' | 'logrotate-log';

/** A period during which logrotate ran (or was scheduled to run): the contract's rotations[]. */
export interface RotationWindow {
  start: Instant;
  end: Instant;
  source: ScheduleSource;
  spec: string;
  origin: string; // file:line, or "--schedule", or "distro default (…)"
  action: RotationAction;
  likelihood: Likelihood;
  /** why this likelihood: e.g. "dated sibling error_log-20261117", "weekly stanza: run may not rotate" */
  reason?: string;
}

// ---------------------------------------------------------------------------
// Apache configuration facts (src/apacheconf)

export interface ConfigValue<T> {
  value: T;
  origin: string; // file:line
}

export interface WsgiDaemonDecl {
  name: string;
  options: Record<string, string>;
  origin: string;
}

export interface ApacheConfigFacts {
  files: string[];
  serverRoot: ConfigValue<string> | null;
  socketRotation: ConfigValue<'on' | 'off'> | null;
  socketPrefix: ConfigValue<string> | null;
  keepAlive: ConfigValue<boolean> | null;
  keepAliveTimeout: ConfigValue<number> | null;
  maxKeepAliveRequests: ConfigValue<number> | null;
  gracefulShutdownTimeout: ConfigValue<number> | null;
  mpm: ConfigValue<Mpm> | null;
  daemons: WsgiDaemonDecl[];
  /** directives that are in the wrong context, e.g. WSGISocketRotation inside <VirtualHost> */
  problems: string[];
  /** non-fatal reading notes: an Include without a match, an <IfModule> assumed true, per-vhost overrides */
  warnings?: string[];
  /** module identifiers loaded with LoadModule, in the order read (e.g. "mpm_prefork_module") */
  loadedModules?: string[];
  /**
   * Every ErrorLog: the server's and each <VirtualHost>'s (mod_wsgi connect errors are
   * request-scoped and land in the vhost's log when it has one). `path` is absolute (relative
   * ones taken from ServerRoot), null for piped ("|rotatelogs …") and syslog logs and when a
   * ${VARIABLE} in it could not be expanded.
   */
  errorLogs?: {
    value: string;
    path: string | null;
    kind: 'file' | 'pipe' | 'syslog';
    vhost: string | null;
    origin: string;
  }[];
  /**
   * LogFormat / CustomLog / TransferLog / GlobalLog as written (quotes removed), in file order,
   * for src/access to resolve nicknames the way mod_log_config does. `vhost`: the <VirtualHost>
   * it sits in (file:line), null in the server config; `path`: a file log's absolute path.
   */
  logDirectives?: {
    name: 'LogFormat' | 'CustomLog' | 'GlobalLog' | 'TransferLog';
    args: string[];
    origin: string;
    vhost: string | null;
    path?: string | null;
  }[];
  /** ErrorLogFormat of the server config (lines are parsed differently when set) */
  errorLogFormat?: ConfigValue<string> | null;
  /** server-level LogLevel (e.g. "warn wsgi:info"): restart notices are always logged, mod_wsgi info lines only with info */
  logLevel?: ConfigValue<string> | null;
}

// ---------------------------------------------------------------------------
// Correlation and diagnosis (src/correlate, src/diagnose)

export type BurstCauseKind = 'graceful-restart' | 'scheduled-rotation' | 'restart';

/** What the access log says about a burst's window (src/access): the contract's bursts[].impact. */
export interface BurstImpact {
  /** requests that started in the window (Apache's internal dummy connections excluded) */
  requests: number;
  status503: number;
  status500: number;
  /** distinct clients that got a 503 or 500 in the window */
  clients: number;
  /** the failing requests' paths (query strings stripped), most frequent first, at most five */
  topPaths: { path: string; count: number }[];
  /** from the first failing response to the last (their end times when the format logs %D/%T), seconds */
  failingSeconds: number;
}

/** A local day's totals over the bursts' windows (the access log's per-day figures). */
export interface DayImpact {
  /** yyyy-LL-dd in the analysis zone */
  day: string;
  bursts: number;
  requests: number;
  status503: number;
  status500: number;
  clients: number;
}

/** What was read of the access logs: given or found, how much of each file, totals per day. */
export interface AccessLogSummary {
  logs: { path: string; format: string | null }[];
  files: {
    path: string;
    format: string | null;
    size: number;
    bytesRead: number;
    lines: number;
    malformed: number;
    skipped: string | null;
  }[];
  /** the windows run this long past each burst's last error (KeepAliveTimeout) */
  windowAfterSeconds: number;
  perDay: DayImpact[];
}

export interface Burst {
  start: Instant;
  end: Instant;
  count: number;
  codes: Partial<Record<WsgiCode, number>>;
  groups: string[];
  pids: number[];
  errnos: number[];
  sockets: string[];
  generations: number[];
  cause: { kind: BurstCauseKind; time: Instant; lagSeconds: number } | null;
}

/** The contract's bursts[]: a burst with its host and what the access log says about it. */
export interface ReportBurst extends Burst {
  /** host from the log envelope; "" when unknown */
  host: string;
  impact: BurstImpact | null;
}

export type FindingKind =
  | 'rotation-restart'
  | 'rotation-already-off'
  | 'backlog-overload'
  | 'socket-permission'
  | 'daemon-down'
  | 'fix-not-in-effect'
  | 'inconclusive';

export type Recommendation = RecommendationFacts & {
  /** the directive to set, as it is written in the config */
  directive: string;
  /** where it goes: "server config", or the file:line of the WSGIDaemonProcess it changes */
  context: string;
  caveats: Caveat[];
  /** how to check afterwards that the fix worked */
  verify: Verification[];
};

export interface Finding {
  kind: FindingKind;
  confidence: number;
  bursts: number[];
  /** what this finding accounts for; the verdict is the finding that explains most failed requests */
  explains: { errors: number; bursts: number };
  role: 'primary' | 'secondary';
  /** with several hosts in the logs: the host whose lines this finding rests on */
  host?: string;
  evidence: Evidence[];
  recommendation: Recommendation | null;
}

export type Verdict = FindingKind | 'no-errors';

// ---------------------------------------------------------------------------
// The report object: one results object, many renderers (src/report). Instants stay numbers
// here; each renderer formats them in `timezone` through src/time.

export interface ScheduleSourceInfo {
  source: ScheduleSource;
  spec: string;
  origin: string;
  /** e.g. "anacron window 03:05–03:50 (START_HOURS_RANGE 3-22, RANDOM_DELAY 45, delay 5)" */
  description: string;
  assumption: boolean;
}

export interface LogrotateSummary {
  /** the stanza that rotates the analysed log, file:line */
  origin: string;
  patterns: string[];
  frequency: string | null;
  action: RotationAction;
  actionDetail: string;
  options: Record<string, string | boolean | number | null>;
  matchedBy: 'path' | 'basename';
  consequences: string[];
}

/** The alignment test (src/correlate/statistics.ts): circular-shift permutation and binomial tail, the larger p reported. */
export interface Statistics extends TestFacts {
  method: 'permutation-and-binomial';
  shifts: number;
  seed: number;
}

/** e.g. 5 of 6 days between 06:25 and 06:27 (seconds of the local day) */
export type Recurrence = RecurrenceFacts;

/** The envelope a log line came in (contract: events[].envelope). */
export type Envelope = EnvelopeKind;

/** The contract's events[]: a connect error with where it came from (host, envelope, damaged). */
export type ReportEvent = WsgiConnectError;

/** The contract's inputs[]: per input, the envelopes seen and the signature lines that did not become events. */
export type ReportInput = InputSummary;

export interface HostSummary {
  /** "" when the logs do not name one */
  host: string;
  events: number;
  verdict: Verdict;
}

/** A logrotate or cron run seen in a scheduler log (filled by a later issue). */
export interface ObservedRun {
  time: Instant;
  source: string;
  origin: string;
  what: string;
}

export interface ChangePoint {
  time: Instant;
  kind: 'socket-rotation-off' | 'socket-rotation-on' | 'mod-wsgi-version' | 'mpm';
  before: ChangeFiguresOut;
  after: ChangeFiguresOut;
  /** file:line of the restart that applied the change (or of its first sign) */
  origin?: string;
  /** bursts right after that restart: old children of the previous generation, counted neither before nor after */
  switchBursts?: number;
}

export interface ChangeFiguresOut {
  bursts: number;
  rotations: number;
  errorsPerDay: number;
  /** origin-check alerts in the same stretch (after Off under prefork/worker: the 500s that replace the 503s) */
  originChecks?: number;
}

/**
 * What the configuration predicts even without errors in the window (src/diagnose/risks.ts):
 * 503s at the next reload with WSGISocketRotation On, origin-check 500s with Off.
 */
export type RiskCode = 'nightly-503-risk' | 'nightly-500-risk';

export interface Risk {
  code: RiskCode;
  args: {
    mpm: Mpm | 'unknown';
    keepAliveTimeout: number;
    rotation: 'on' | 'off';
    action: 'graceful';
    /** e.g. "daily", or the schedule spec when no frequency is known */
    schedule: string | null;
    daemonGroups: string[];
  };
  /** file:line of every fact it rests on */
  origins: string[];
}

export const SCHEMA_VERSION = 2;

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  /** --root: the bundle (or /) as the user named it; every file in the report is named by its host path */
  root?: string;
  timezone: string;
  window: { start: Instant | null; end: Instant | null };
  inputs: ReportInput[];
  hosts: HostSummary[];
  summary: {
    WSGI0116: number;
    WSGI0117: number;
    restarts: number;
    bursts: number;
    related: Partial<Record<RelatedKind, number>>;
  };
  /** ReportEvent each (src/events.ts: kept in columns, in time order) */
  events: ConnectErrors;
  related: RelatedEvent[];
  restarts: RestartEvent[];
  banners: ServerBanner[];
  rotations: RotationWindow[];
  schedule: { sources: ScheduleSourceInfo[]; logrotate: LogrotateSummary | null; assumptions: string[] } | null;
  apacheConfig: ApacheConfigFacts | null;
  bursts: ReportBurst[];
  /** the access logs read for bursts[].impact; null when none was given or found */
  accessLog: AccessLogSummary | null;
  observedRuns: ObservedRun[];
  changes: ChangePoint[];
  findings: Finding[];
  verdict: Verdict;
  missingEvidence: Missing[];
  risks: Risk[];
  statistics: Statistics | null;
  recurrence: Recurrence | null;
  warnings: string[];
}
