// The words module: the one place where codes become text (issue 12). Renderers and the JSON
// report's `text` fields take their words from here; src/diagnose and src/correlate only emit codes.
import type { Caveat, Evidence, Fact, Missing, RecommendationFacts, RiskCode, Verification } from '../../model.js';
import { sayCaveat, sayEvidence, sayMissing, sayVerification, type WordsContext } from './facts.js';

export * as fmt from './format.js';
export { recurrence, testDetail, windowBasis, versionBasis, mpmBasis, type WordsContext } from './facts.js';
export { sayCaveat, sayEvidence, sayMissing, sayVerification } from './facts.js';
export { hostLine, unreadableLine } from './hosts.js';
export { snippet, title, VERDICT_EXPLAIN, VERDICT_TITLE } from './recommendation.js';
export { sayDayImpact, sayImpact } from './impact.js';
export { riskHeadline, sayRisk } from './risk.js';
export { summaryCaveat, summaryReason, summaryScope, SUMMARY_WORDS, type ReasonFacts } from './summary.js';

export type Kind = 'evidence' | 'caveat' | 'verification' | 'missing' | 'recommendation' | 'risk';

/**
 * Every code with what it is and what it means (docs/codes.md is generated from this table by
 * scripts/gen-codes.mjs). The Record types make a code without an entry a compile error.
 */
export const CODES: {
  evidence: Record<Evidence['code'], string>;
  caveat: Record<Caveat['code'], string>;
  verification: Record<Verification['code'], string>;
  missing: Record<Missing['code'], string>;
  recommendation: Record<RecommendationFacts['code'], string>;
  risk: Record<RiskCode, string>;
} = {
  evidence: {
    'restart-aligned': 'bursts that start within the failure window after an Apache restart, with their lags',
    'first-aligned': 'the first such burst and the restart before it',
    'restarts-in-rotation': 'how many of those restarts fall inside logrotate runs, and which run',
    'restarts-not-from-logrotate': 'logrotate does not reload Apache, so the aligned restarts come from elsewhere',
    'timing-undecidable-direct':
      'the timing test cannot decide (too short a log); the errors show their restart directly',
    'not-chance': 'the alignment test: p-value, bursts in windows, coverage',
    'restart-inferred-from-generations':
      'no restart seen, but a daily recurrence with rising socket generations implies one per burst',
    'rotating-socket-names': 'errors name rotating socket paths: WSGISocketRotation is On',
    'stable-socket-names': 'errors name u<uid> socket paths: WSGISocketRotation is already Off',
    'enoent-socket-removed': 'ENOENT errors: the restart removed the socket the old child used',
    'enoent-socket-recreated': 'ENOENT errors in the moment the restart re-created the stable socket',
    'generations-rise': 'failing socket generations rise from burst to burst (one restart each)',
    'generation-older-than-in-force': 'failing sockets are older than the generation in force after the restart',
    'old-children-exit': 'failing child pids never fail again: old children that exit',
    'mpm-seen': 'the MPM and where it was read',
    'rotation-off-not-in-effect': 'the config sets WSGISocketRotation Off, but the failing paths still rotate',
    'config-problem': 'a problem the Apache config reader found with WSGISocketRotation (passed through)',
    'off-in-effect-since': 'change point: WSGISocketRotation Off in effect since a restart, with before/after figures',
    'bursts-before-fix': 'these bursts came before WSGISocketRotation Off took effect',
    'off-inside-virtualhost': 'WSGISocketRotation Off inside <VirtualHost>: Apache refuses it (AH00526)',
    'rotated-log-kept-open': 'a rotated log Apache kept writing to while the new one stayed empty: the reload failed',
    'mod-wsgi-too-old-for-off': 'mod_wsgi older than 4.6.0 has no WSGISocketRotation',
    recurring: 'the bursts recur at one time of day',
    'permission-denied': 'EACCES errors and the socket path they name',
    'permission-every-request': 'permission errors on every request, not after restarts',
    'backlog-errnos': 'EAGAIN (listen backlog full) and ECONNREFUSED counts',
    'backlog-times': 'when the overload bursts happened; none after a restart',
    'backlog-current-generation': 'all overload errors at one socket generation: the current socket',
    'no-recovery': 'stretches of errors with no quiet gap',
    'daemon-died': '"daemon died" / restart-exhausted messages during those stretches',
    'refused-no-listener': 'ECONNREFUSED: the socket file exists, nothing listens',
    'unexplained-bursts': 'bursts that match no known cause',
    'aligned-by-chance': 'bursts after a restart whose alignment chance explains',
    'nothing-to-test-against': 'no restarts and no logrotate schedule to test against',
    'nearest-trigger': 'how far a burst is from the restart or logrotate run before it',
    'more-outside-windows': 'further bursts outside every failure window',
    'time-of-day': 'the time of day the unexplained bursts recur at',
    'fixed-time-suggests-reload': 'a fixed daily time suggests a scheduled reload',
    'logrotate-not-the-cause': 'logrotate does not restart Apache, so it is not the cause',
    'unreadable-signature-lines':
      'lines carrying a mod_wsgi signature that did not become timed events, by reason, with file:line examples',
    'untimed-permission-denied': 'connect errors without a time whose errno is EACCES: a permission problem',
    'untimed-rotating-enoent': 'connect errors without a time, ENOENT on rotating sockets: consistent with restarts',
    'host-diagnosed-alone': "several hosts in the logs: this finding rests on one host's lines only",
    'origin-check-alerts': '"Request origin could not be validated" alerts right after restarts',
    'origin-check-truncated': 'matching "Truncated or oversized response headers" lines (HTTP 500)',
  },
  caveat: {
    'upgrade-first': 'the log shows a mod_wsgi older than 4.6.0: upgrade before WSGISocketRotation Off',
    'version-supports-rotation': 'the mod_wsgi version seen supports WSGISocketRotation',
    'version-unknown-check': 'the mod_wsgi version is unknown: check it is 4.6.0 or later',
    'few-occurrences': 'one or a few occurrences cannot show that errors follow every rotation',
    'prefork-off-origin-check': 'under prefork/worker, Off turns the 503s into origin-check 500s',
    'event-off': 'under event, what Off changes',
    'mpm-unknown-off': 'MPM unknown: what Off changes under prefork/worker',
    'off-trade-off': 'old children talk to daemons of the new configuration',
    'off-not-for-other-causes': 'Off does not help permission, overload or unaligned errors',
    'off-already-in-effect': 'WSGISocketRotation Off is already in effect',
    'complete-cure': 'the complete cure: event MPM, short KeepAliveTimeout, or reload-free rotation',
    'short-keepalive-cost': 'a short KeepAliveTimeout costs handshakes',
    'copytruncate-loses-lines': 'copytruncate can lose lines',
    'check-path-traversal': 'check each directory on the socket path with namei -l',
    'selinux-context': 'SELinux needs httpd_var_run_t on the socket directory',
    'not-in-tmp': 'never put the sockets in /tmp',
    'memory-per-process': 'each extra process costs memory',
    'find-slow-requests': 'find the slow requests too',
    'somaxconn-cap': 'net.core.somaxconn caps the backlog',
    'check-daemons-running': 'check that the daemon group runs and answers',
    'look-for-crash-loop': 'look for crash-loop lines in the main error log',
    'leftover-socket': 'a leftover socket file gives ECONNREFUSED',
    'collect-main-log': 'collect the main error log with its rotated siblings',
    'collect-logrotate': 'collect the logrotate stanza and its schedule',
    'collect-apache-config': 'collect the Apache config',
    'note-503-times': 'note when users saw 503s',
  },
  verification: {
    'verify-rotation-off':
      'after WSGISocketRotation Off: configtest, u<uid> socket names, no errors after the next rotation',
    'verify-already-off': 'after the MPM / KeepAliveTimeout / rotation change: no errors after restarts',
    'verify-backlog': 'after more capacity: no EAGAIN/ECONNREFUSED errors under comparable load',
    'verify-permission': 'after moving the sockets: the Apache user can traverse the directory',
    'verify-daemon-up': 'the daemon group stays up',
    'verify-rerun-with-more': 'run again with what was collected',
  },
  missing: {
    'only-one-file': 'only one log file was read; give the rotated siblings',
    'restart-notices-rotated-away': 'restarts were inferred from "configured" lines; their notices were not read',
    'no-restart-notices-in-siblings': 'no restart notices in any file read, rotated siblings included',
    'no-restart-notices': 'no restart notices: include the main error log and its siblings',
    'no-logrotate-config-or-schedule': 'neither a logrotate config nor a schedule was given or found',
    'no-logrotate-schedule': 'no logrotate schedule was given or found',
    'no-logrotate-stanza': 'no logrotate stanza for this log',
    'no-logrotate-config': 'no logrotate configuration was given or found',
    'no-apache-config': 'no Apache config: KeepAliveTimeout and the failure window are defaults',
    'mpm-unknown': 'the MPM is unknown',
    'mod-wsgi-version-unknown': 'the mod_wsgi version is unknown',
    'short-log': 'the logs cover less than two days',
    'no-socket-paths': 'the errors carry no decodable socket path',
    'signature-lines-unread': 'lines carrying a signature could not be read; the answer may miss them',
    'restart-notices-not-in-syslog':
      'the errors came through syslog/journald, where Apache writes no restart notices: the restarts rest on the schedule or the socket generations',
    'no-rotated-siblings-found': 'no rotated siblings were found beside the log',
    'rotation-runs-missed': "scheduled logrotate runs that the scheduler's own log does not show (missed)",
    'rotation-runs-unscheduled': 'logrotate runs in a scheduler log that no known schedule explains',
    'postrotate-failed':
      "logrotate's postrotate script (the Apache reload) failed: Apache kept running its old configuration",
    'discovery-note': 'a note from --root discovery about what it did not find (passed through)',
  },
  recommendation: {
    'socket-rotation-off': 'set WSGISocketRotation Off in server config (upgrade first when older than 4.6.0)',
    'shorten-keepalive': 'shorten KeepAliveTimeout; better the event MPM or reload-free rotation',
    'put-off-in-force':
      'put WSGISocketRotation Off where it takes effect (server config, an included file, mod_wsgi >= 4.6.0)',
    'socket-prefix': 'move the daemon sockets with WSGISocketPrefix to a traversable directory',
    'daemon-capacity': 'more processes/threads, a longer listen-backlog and a queue-timeout',
    'log-level-daemon-down': 'LogLevel wsgi:info, then check the daemon group is running',
    'log-level-collect': 'not a fix: LogLevel wsgi:info and what to collect next',
  },
  risk: {
    'nightly-503-risk':
      'prefork/worker, a keep-alive over 2 s, a daemon group, WSGISocketRotation On and a reloading logrotate: 503s at every reload',
    'nightly-500-risk':
      "the same with WSGISocketRotation Off: old children fail the new daemon's origin check (500s) at every reload",
  },
};

/** Words for any fact; `kind` says which union it belongs to (codes are unique across them). */
export function say(kind: Exclude<Kind, 'recommendation' | 'risk'>, f: Fact, c: WordsContext): string {
  switch (kind) {
    case 'evidence':
      return sayEvidence(f as Evidence, c);
    case 'caveat':
      return sayCaveat(f as Caveat, c);
    case 'verification':
      return sayVerification(f as Verification, c);
    case 'missing':
      return sayMissing(f as Missing, c);
  }
}

const SECTIONS: [keyof typeof CODES, string, string][] = [
  ['evidence', 'Evidence', 'findings[].evidence[]: what the diagnosis saw.'],
  ['caveat', 'Caveats', 'findings[].recommendation.caveats[]: what to weigh before applying the fix.'],
  ['verification', 'Verification', 'findings[].recommendation.verify[]: how to check afterwards that the fix worked.'],
  ['missing', 'Missing evidence', 'missingEvidence[]: what would make the answer firmer.'],
  ['recommendation', 'Recommendations', 'findings[].recommendation.code: which fix.'],
  ['risk', 'Risks', 'risks[]: what the configuration predicts even without errors in the window.'],
];

/** docs/codes.md, generated from CODES (scripts/gen-codes.mjs writes it; a test fails when it is stale). */
export function codesMarkdown(): string {
  const out = [
    '# Codes',
    '',
    '<!-- Generated from src/report/words/index.ts by scripts/gen-codes.mjs: do not edit by hand. -->',
    '',
    'Every item of evidence, caveat, verification step and missing evidence in the JSON report is',
    '`{ "code", "args", "text" }`: `code` is a stable identifier listed here, `args` the numbers and',
    'names it rests on, `text` the sentence a person reads. Scripts should branch on `code`, never on `text`.',
  ];
  for (const [key, title, where] of SECTIONS) {
    out.push('', `## ${title}`, '', where, '', '| code | meaning |', '| --- | --- |');
    for (const [code, meaning] of Object.entries(CODES[key]).sort(([a], [b]) => (a < b ? -1 : 1)))
      out.push(`| \`${code}\` | ${meaning.replace(/\|/g, '\\|')} |`);
  }
  return out.join('\n') + '\n';
}
