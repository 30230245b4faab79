// Findings as data (issue 12): every piece of evidence, caveat, verification step and
// missing-evidence item is a `{ code, args }` fact. The decision stages say what they saw; the
// words for each code live in one place, src/report/words/. These unions are exhaustive: a
// renderer's `switch` over `code` that forgets one does not compile. Codes are stable kebab-case
// identifiers (docs/codes.md lists them, generated from the words module).
import type { Instant, Likelihood, Mpm, RotationAction, ScheduleSource } from './model.js';

/** Where the mod_wsgi version was read from (src/diagnose/version.ts). */
export interface VersionBasis {
  via: 'banner' | 'u-socket' | 'message-code' | '3x-wording' | 'pre46-wording' | 'banner-without-mod-wsgi';
  /** file:line */
  origin: string;
  /** the server description, for banner-without-mod-wsgi */
  description?: string;
}

/** Where the MPM was read from. */
export interface MpmBasis {
  via: 'marker' | 'banner' | 'config';
  origin: string;
}

export interface VersionFacts {
  /** "4.9.4", ">= 4.6.0", "6.x", "3.x", "< 4.6.0", or null when unknown */
  version: string | null;
  basis: VersionBasis | null;
}

/** Why the failure window after a restart is as long as it is (src/correlate/triggers.ts). */
export interface WindowBasis {
  /** null: no Apache config, the default window applies */
  keepAlive: { on: boolean; timeout: number; origin: string | null } | null;
  defaultSeconds: number | null;
  slackSeconds: number;
  connectTimeout: { seconds: number; origin: string | null };
  maxKeepAliveRequests: number | null;
  gracefulShutdownTimeout: number | null;
}

/** The alignment test's numbers (src/correlate/statistics.ts). */
export interface TestFacts {
  p: number;
  k: number;
  n: number;
  coverage: number;
  binomialP: number;
  permutationP: number;
  /** the logged time was shorter than a minute and counted as one */
  shortSpan: boolean;
}

/** A daily time-of-day band the bursts recur in (src/correlate/recurrence.ts). */
export interface RecurrenceFacts {
  days: number;
  daysWithBurst: number;
  fromSecondOfDay: number;
  toSecondOfDay: number;
  matchesSchedule: boolean | null;
}

export type TriggerKind = 'graceful-restart' | 'restart' | 'scheduled-rotation';

/** The restart or logrotate run before a burst, for "how far away was it". */
export interface TriggerFacts {
  kind: TriggerKind;
  inferred: boolean;
  at: Instant;
  until: Instant;
  origin: string;
  rotation: { source: ScheduleSource; spec: string } | null;
}

export type Evidence =
  | {
      code: 'restart-aligned';
      args: {
        bursts: number;
        errors: number;
        markers: number;
        inferred: number;
        windows: number;
        lagMedian: number;
        lagMax: number;
        window: WindowBasis;
      };
    }
  | {
      code: 'first-aligned';
      args: {
        at: Instant;
        errors: number;
        lagSeconds: number;
        trigger: TriggerKind;
        inferred: boolean;
        triggerAt: Instant;
        origin: string;
      };
    }
  | {
      code: 'restarts-in-rotation';
      args: {
        inRotation: number;
        of: number;
        source: ScheduleSource;
        spec: string;
        origin: string;
        action: RotationAction;
        /** only when one run is named */
        likelihood: Likelihood | null;
        reason: string | null;
      };
    }
  | { code: 'restarts-not-from-logrotate'; args: { detail: string; origin: string } }
  | {
      code: 'timing-undecidable-direct';
      args: {
        bursts: number;
        spanMs: number | null;
        bestP: number;
        direct: number;
        of: number;
        rotation: 'on' | 'off';
        parents: number[];
        generations: number[];
        /** restarts of that parent before this one, when every generation is >= 1 */
        priorRestarts: number | null;
        maxLagSeconds: number;
      };
    }
  | { code: 'not-chance'; args: TestFacts }
  | { code: 'restart-inferred-from-generations'; args: { recurrence: RecurrenceFacts; generations: number[] } }
  | { code: 'rotating-socket-names'; args: { rotating: number; errors: number; stable: number } }
  | { code: 'stable-socket-names'; args: { stable: number; errors: number } }
  | { code: 'enoent-socket-removed'; args: { enoent: number; errors: number } }
  | { code: 'enoent-socket-recreated'; args: { enoent: number; errors: number } }
  | { code: 'generations-rise'; args: { generations: number[] } }
  | { code: 'generation-older-than-in-force'; args: { older: number; checked: number; pairs: [number, number][] } }
  | { code: 'old-children-exit'; args: { gone: number; failing: number; loggedBefore: number } }
  | { code: 'mpm-seen'; args: { mpm: Mpm; basis: MpmBasis | null } }
  | { code: 'rotation-off-not-in-effect'; args: { origin: string } }
  | { code: 'config-problem'; args: { problem: string } }
  | { code: 'recurring'; args: RecurrenceFacts }
  | {
      code: 'permission-denied';
      args: { eacces: number; errors: number; bursts: number; socket: string | null; otherSockets: number };
    }
  | { code: 'permission-every-request'; args: { from: Instant; to: Instant } }
  | { code: 'backlog-errnos'; args: { bursts: number; errors: number; eagain: number; refused: number } }
  | { code: 'backlog-times'; args: { times: Instant[]; more: number } }
  | { code: 'backlog-current-generation'; args: { generation: number } }
  | { code: 'no-recovery'; args: { stretches: number; longestMinutes: number; errors: number } }
  | { code: 'daemon-died'; args: { count: number; origin: string } }
  | { code: 'refused-no-listener'; args: { refused: number } }
  | { code: 'unexplained-bursts'; args: { bursts: number; errors: number; errnos: string[] } }
  | { code: 'aligned-by-chance'; args: { aligned: number; undecidable: boolean; test: TestFacts } }
  | { code: 'nothing-to-test-against'; args: Record<string, never> }
  | {
      code: 'nearest-trigger';
      args: { burst: number; at: Instant; before: TriggerFacts | null; gapMs: number; windowSeconds: number };
    }
  | { code: 'more-outside-windows'; args: { more: number } }
  | { code: 'time-of-day'; args: RecurrenceFacts }
  | { code: 'fixed-time-suggests-reload'; args: Record<string, never> }
  | { code: 'logrotate-not-the-cause'; args: { detail: string | null; origin: string | null } }
  | {
      code: 'origin-check-alerts';
      args: {
        alerts: number;
        aligned: number;
        clusters: number;
        windowSeconds: number;
        test: TestFacts | null;
        undecidable: boolean;
        /** the lines as the log wrote them (6.x: WSGI0034 …), per daemon group */
        asLogged?: LoggedLine[];
      };
    }
  | { code: 'origin-check-truncated'; args: { truncated: number; asLogged?: LoggedLine[] } }
  /** signature lines that did not become timed events (inputs[].unreadable), with a few file:line examples */
  | { code: 'unreadable-signature-lines'; args: UnreadableFacts }
  /** untimed connect errors with EACCES: the errno names the cause even without a time */
  | { code: 'untimed-permission-denied'; args: { lines: number; of: number; socket: string | null } }
  /** untimed ENOENT connect errors on rotating socket paths: consistent with a restart, not testable in time */
  | { code: 'untimed-rotating-enoent'; args: { lines: number; of: number; generations: number[] } }
  /** several hosts in the logs: this finding rests on this host's lines only */
  | { code: 'host-diagnosed-alone'; args: { host: string; hosts: number; events: number } }
  | { code: 'off-in-effect-since'; args: OffSinceFacts }
  | { code: 'bursts-before-fix'; args: { bursts: number; errors: number; at: Instant; origin: string } }
  | { code: 'off-inside-virtualhost'; args: { origin: string; section: string; opened: string | null } }
  | {
      code: 'rotated-log-kept-open';
      args: { file: string; from: Instant; to: Instant; days: number; current: string; currentLines: number };
    }
  | { code: 'mod-wsgi-too-old-for-off'; args: VersionFacts };

/** A related mod_wsgi line as the log wrote it, with how often (per code, wording and daemon group). */
export interface LoggedLine {
  /** WSGI#### when printed (6.x), else null */
  code: string | null;
  text: string;
  group: string | null;
  count: number;
}

/** Signature lines that could not be read, by reason, with a few examples. */
export interface UnreadableFacts {
  lines: number;
  /** of them, connect-failure (WSGI0116/WSGI0117) lines */
  connect: number;
  reasons: Partial<Record<'no-time' | 'cut' | 'binary' | 'unknown-envelope' | 'unknown-message', number>>;
  examples: { file: string; line: number; reason: string; text: string }[];
}

/** Before/after figures around a change point (src/diagnose/changes.ts). */
export interface ChangeFigures {
  bursts: number;
  rotations: number;
  errorsPerDay: number;
  originChecks: number;
}

/** WSGISocketRotation Off in effect since a restart, from the socket names and origin checks. */
export interface OffSinceFacts {
  at: Instant;
  origin: string;
  via: 'rotating-socket' | 'u-socket' | 'origin-check';
  /** the first line that shows Off */
  signal: { at: Instant; origin: string };
  firstUSocket: { at: Instant; origin: string; uid: number | null } | null;
  before: ChangeFigures;
  after: ChangeFigures;
  switchBursts: number;
}

export type Caveat =
  | { code: 'upgrade-first'; args: VersionFacts }
  | { code: 'version-supports-rotation'; args: VersionFacts }
  | { code: 'version-unknown-check'; args: VersionFacts }
  | { code: 'few-occurrences'; args: { occurrences: number; spanMs: number } }
  | {
      code: 'prefork-off-origin-check';
      /** sixX: the log is mod_wsgi 6.x, so its WSGI0034/WSGI0146 wording is quoted */
      args: { mpm: 'prefork' | 'worker'; basis: MpmBasis | null; sixX?: boolean };
    }
  | { code: 'event-off'; args: { basis: MpmBasis | null } }
  | { code: 'mpm-unknown-off'; args: Record<string, never> }
  | { code: 'off-trade-off'; args: Record<string, never> }
  | { code: 'off-not-for-other-causes'; args: Record<string, never> }
  | { code: 'off-already-in-effect'; args: Record<string, never> }
  | { code: 'complete-cure'; args: { mpm: Mpm | null; basis: MpmBasis | null } }
  | { code: 'short-keepalive-cost'; args: Record<string, never> }
  | { code: 'copytruncate-loses-lines'; args: Record<string, never> }
  | { code: 'check-path-traversal'; args: Record<string, never> }
  | { code: 'selinux-context'; args: Record<string, never> }
  | { code: 'not-in-tmp'; args: Record<string, never> }
  | { code: 'memory-per-process'; args: Record<string, never> }
  | { code: 'find-slow-requests'; args: Record<string, never> }
  | { code: 'somaxconn-cap'; args: Record<string, never> }
  | { code: 'check-daemons-running'; args: { groups: string[]; socketPrefix: string | null } }
  | { code: 'look-for-crash-loop'; args: Record<string, never> }
  | { code: 'leftover-socket'; args: Record<string, never> }
  | { code: 'collect-main-log'; args: Record<string, never> }
  | { code: 'collect-logrotate'; args: Record<string, never> }
  | { code: 'collect-apache-config'; args: { groups: string[] } }
  | { code: 'note-503-times'; args: Record<string, never> };

/** How to check, after the change, that the fix worked. */
export type Verification =
  | {
      code: 'verify-rotation-off';
      args: { socketDir: string | null; recurringAt: string | null; event: boolean; sixX?: boolean; mpm?: Mpm | null };
    }
  | { code: 'verify-already-off'; args: Record<string, never> }
  | { code: 'verify-backlog'; args: Record<string, never> }
  | { code: 'verify-permission'; args: Record<string, never> }
  | { code: 'verify-daemon-up'; args: Record<string, never> }
  | { code: 'verify-rerun-with-more'; args: Record<string, never> };

export type Missing =
  | { code: 'only-one-file'; args: Record<string, never> }
  | {
      code: 'restart-notices-rotated-away';
      args: { inferred: number; at: Instant; origin: string; siblingsRead: boolean };
    }
  | { code: 'no-restart-notices-in-siblings'; args: { files: number } }
  | { code: 'no-restart-notices'; args: Record<string, never> }
  | { code: 'no-logrotate-config-or-schedule'; args: Record<string, never> }
  | { code: 'no-logrotate-schedule'; args: Record<string, never> }
  | { code: 'no-logrotate-stanza'; args: Record<string, never> }
  | { code: 'no-logrotate-config'; args: Record<string, never> }
  | { code: 'no-apache-config'; args: { defaultWindowSeconds: number | null } }
  | { code: 'mpm-unknown'; args: Record<string, never> }
  | { code: 'mod-wsgi-version-unknown'; args: { basis: VersionBasis | null } }
  | { code: 'short-log'; args: { spanMs: number } }
  | { code: 'no-socket-paths'; args: Record<string, never> }
  /** lines carrying a signature were not read: the answer may miss them */
  | { code: 'signature-lines-unread'; args: UnreadableFacts }
  /** the errors come through syslog/journald only: Apache writes no restart notices there */
  | { code: 'restart-notices-not-in-syslog'; args: { envelopes: string[]; basis: 'schedule' | 'generations' | 'none' } }
  | { code: 'no-rotated-siblings-found'; args: Record<string, never> }
  /** scheduled logrotate runs that the scheduler's own log, covering their time, does not show */
  | {
      code: 'rotation-runs-missed';
      args: { missed: number; checked: number; first: Instant; spec: string; log: string };
    }
  /** logrotate runs in a scheduler log that no known schedule explains */
  | { code: 'rotation-runs-unscheduled'; args: { runs: number; first: Instant; origin: string } }
  /** logrotate's own output: a postrotate script (the Apache reload) failed */
  | { code: 'postrotate-failed'; args: { failures: number; first: Instant; origin: string } }
  /** a note from --root discovery (what it looked for and did not find), passed through */
  | { code: 'discovery-note'; args: { note: string } };

/** What a recommendation asks for (its snippet is worded in src/report/words/). */
export type RecommendationFacts =
  | { code: 'socket-rotation-off'; args: { upgradeFirst: boolean; version: string | null; layout: Layout } }
  | { code: 'shorten-keepalive'; args: { mpm: Mpm | null; layout: Layout } }
  | {
      code: 'put-off-in-force';
      args: {
        reason: 'virtualhost' | 'upgrade' | 'not-in-force';
        /** file:line of the misplaced directive, or of the setting that is not in force */
        origin: string | null;
        version: string | null;
        layout: Layout;
      };
    }
  | {
      code: 'socket-prefix';
      args: { prefix: string; rhel: boolean; childUid: number | null; socketPrefix: string | null };
    }
  | { code: 'daemon-capacity'; args: { daemonLine: string; origin: string | null } }
  | { code: 'log-level-daemon-down'; args: Record<string, never> }
  | { code: 'log-level-collect'; args: Record<string, never> };

export type Layout = 'debian' | 'rhel' | null;

export type Fact = Evidence | Caveat | Verification | Missing;
export type FactCode = Fact['code'];
