// The words for every fact code (src/facts.ts): evidence, caveats, verification steps and
// missing evidence. One `switch` per union, so a code without words does not compile.
import type {
  Caveat,
  Evidence,
  Missing,
  MpmBasis,
  RecurrenceFacts,
  TestFacts,
  LoggedLine,
  TriggerFacts,
  UnreadableFacts,
  Verification,
  VersionBasis,
  VersionFacts,
  WindowBasis,
} from '../../model.js';
import { clock, count, duration, percent, pValue, time } from './format.js';

export interface WordsContext {
  /** the analysis zone: times are shown in it */
  zone: string;
}

/** mod_wsgi release that added WSGISocketRotation (docs/release-notes/version-4.6.0.rst). */
const SOCKET_ROTATION_MIN_VERSION = '4.6.0';

const COMPLETE_CURE =
  'the complete cure is the event MPM (it closes idle keep-alive connections of old children at a graceful restart, httpd server/mpm/event/event.c), a short KeepAliveTimeout (1-2 s), or rotating without a reload (piped logs via rotatelogs, or copytruncate)';

export function versionBasis(b: VersionBasis | null): string {
  if (b === null) return 'no "configured -- resuming normal operations" banner';
  switch (b.via) {
    case 'banner':
      return `${b.origin} (server banner)`;
    case 'u-socket':
      return `${b.origin} (u<uid> socket name)`;
    case 'message-code':
      return `${b.origin} (WSGI#### message code)`;
    case '3x-wording':
      return `${b.origin} (mod_wsgi 3.x message wording)`;
    case 'pre46-wording':
      return `${b.origin} (pre-4.6.0 message wording)`;
    case 'banner-without-mod-wsgi':
      return `the server description "${b.description ?? ''}" at ${b.origin} names no mod_wsgi`;
  }
}

export function mpmBasis(b: MpmBasis | null): string | null {
  if (b === null) return null;
  switch (b.via) {
    case 'marker':
      return `restart marker at ${b.origin}`;
    case 'banner':
      return `server banner at ${b.origin}`;
    case 'config':
      return `Apache config ${b.origin}`;
  }
}

export function windowBasis(w: WindowBasis): string {
  const connect = `+${w.connectTimeout.seconds} s connect-timeout${w.connectTimeout.origin ? ` from ${w.connectTimeout.origin}` : ' (mod_wsgi default)'} for WSGI0116`;
  if (w.keepAlive === null)
    return `no Apache config: default ${w.defaultSeconds ?? 0} s after the restart (+${w.connectTimeout.seconds} s connect-timeout for WSGI0116)`;
  const kat = !w.keepAlive.on
    ? `KeepAlive Off (${w.keepAlive.origin ?? 'config'})`
    : `KeepAliveTimeout ${w.keepAlive.timeout} (${w.keepAlive.origin ?? 'httpd default'})`;
  const context: string[] = [];
  if (w.maxKeepAliveRequests !== null) context.push(`MaxKeepAliveRequests ${w.maxKeepAliveRequests}`);
  if (w.gracefulShutdownTimeout !== null) context.push(`GracefulShutdownTimeout ${w.gracefulShutdownTimeout}`);
  return (
    `${kat} + ${w.slackSeconds} s slack (${connect})` +
    (context.length
      ? `; ${context.join(' and ')} do not lengthen it (a 503 closes the connection; GracefulShutdownTimeout applies to graceful stop only)`
      : '')
  );
}

/** "5 of 6 days between 06:25 and 06:27" */
export function recurrence(r: RecurrenceFacts): string {
  const from = clock(r.fromSecondOfDay);
  const band =
    from === clock(r.toSecondOfDay)
      ? `at ${from}`
      : `between ${from} and ${clock(Math.ceil(r.toSecondOfDay / 60) * 60)}`;
  return `${r.daysWithBurst} of ${r.days} days ${band}`;
}

/** The alignment test's numbers in one line. */
export function testDetail(t: TestFacts): string {
  return `${t.k} of ${t.n} bursts start within a trigger window; the windows cover ${percent(t.coverage)} of the logged time${t.shortSpan ? ' (counted as 1 min: it is shorter)' : ''}; binomial P(X>=${t.k}) = ${pValue(t.binomialP)}, permutation p = ${pValue(t.permutationP)}`;
}

const TRIGGER_WORDS = {
  'graceful-restart': 'graceful restart',
  restart: 'full restart (SIGHUP)',
  'scheduled-rotation': 'logrotate window opening',
} as const;

function triggerBefore(tr: TriggerFacts, zone: string): string {
  const hm = (x: number) => time(x, zone, 'HH:mm');
  return tr.rotation
    ? `the ${tr.rotation.source} "${tr.rotation.spec}" logrotate window ${hm(tr.at)}–${hm(tr.until)}`
    : `the ${tr.kind === 'restart' ? 'full restart' : 'graceful restart'}${tr.inferred ? ' (inferred)' : ''} at ${time(tr.at, zone)}`;
}

export function sayEvidence(e: Evidence, c: WordsContext): string {
  const t = (x: number) => time(x, c.zone);
  switch (e.code) {
    case 'restart-aligned': {
      const a = e.args;
      const parts = [
        a.markers ? `${a.markers} after a restart notice in the log` : null,
        a.inferred
          ? `${a.inferred} after a "configured" line that closed a restart whose notice is not in the files read (rotated away)`
          : null,
        a.windows ? `${a.windows} inside a logrotate window with no restart notice` : null,
      ].filter(Boolean);
      return `${count(a.bursts, 'burst')} with ${count(a.errors, 'error')} ${a.bursts === 1 ? 'starts' : 'start'} within the expected failure window after an Apache restart (${parts.join('; ')}); lag median ${a.lagMedian} s, max ${a.lagMax} s; window: ${windowBasis(a.window)}.`;
    }
    case 'first-aligned': {
      const a = e.args;
      return `First: ${t(a.at)}, ${count(a.errors, 'error')}, ${a.lagSeconds} s after the ${TRIGGER_WORDS[a.trigger]}${a.inferred ? ' (inferred)' : ''} at ${t(a.triggerAt)} (${a.origin}).`;
    }
    case 'restarts-in-rotation': {
      const a = e.args;
      return `${a.inRotation} of ${a.of} of these restarts fall inside logrotate runs (${a.source} "${a.spec}" from ${a.origin}, postrotate action ${a.action}${a.likelihood ? `; that run is ${a.likelihood}${a.reason ? `: ${a.reason}` : ''}` : ''}).`;
    }
    case 'restarts-not-from-logrotate':
      return `logrotate does not restart Apache here (${e.args.detail || 'copytruncate / no postrotate'}, ${e.args.origin}): these restarts come from something else (deployments, configuration management, manual reloads).`;
    case 'timing-undecidable-direct': {
      const a = e.args;
      const routine =
        a.priorRestarts !== null
          ? `; ${a.priorRestarts} restarts of that parent before this one: reloads are routine there`
          : '';
      const whose =
        a.rotation === 'on'
          ? `a rotating socket of the restarted parent itself (pid ${a.parents.join(', ')}, generation ${a.generations.join(', ')}${routine})`
          : `the stable u<uid> socket of the restarted parent itself (pid ${a.parents.join(', ')})`;
      return (
        `The timing test cannot tell this from chance (${count(a.bursts, 'burst')}${a.spanMs !== null ? ` in a log covering ${duration(a.spanMs)}` : ''}: even perfect alignment with the restarts gives p = ${pValue(a.bestP)}). ` +
        `The verdict rests on what the errors show directly: in ${a.direct} of ${count(a.of, 'burst')} every failing socket is ${whose}, failing within ${a.maxLagSeconds} s of its restart, from children that then stop failing (below).`
      );
    }
    case 'not-chance':
      return `Not chance: p = ${pValue(e.args.p)} (${testDetail(e.args)}).`;
    case 'restart-inferred-from-generations':
      return `No restart notices or schedule were available, but the bursts recur (${recurrence(e.args.recurrence)}) and the failing socket generations rise from burst to burst (${e.args.generations.join(' → ')}): each generation step is one Apache restart, so one happened before each burst.`;
    case 'rotating-socket-names':
      return `${e.args.rotating} of ${e.args.errors} errors name rotating socket paths (<prefix>.<ppid>.<generation>.<id>.sock)${e.args.stable ? `, ${e.args.stable} name u<uid> paths` : ', none u<uid>'}: WSGISocketRotation is On.`;
    case 'stable-socket-names':
      return `${e.args.stable} of ${e.args.errors} errors name u<uid> socket paths: WSGISocketRotation is already Off.`;
    case 'enoent-socket-removed':
      return `${e.args.enoent} of ${e.args.errors} errors are ENOENT (2): the socket file the old child used was removed by the restart.`;
    case 'enoent-socket-recreated':
      return `${e.args.enoent} of ${e.args.errors} errors are ENOENT (2): requests that fell into the moment the restart unlinked and re-created the stable socket.`;
    case 'generations-rise':
      return `The failing sockets' generations rise ${e.args.generations.join(' → ')} across ${e.args.generations.length} bursts: each burst hits the generation in force before its restart, one older than the socket the restart created.`;
    case 'generation-older-than-in-force': {
      const a = e.args;
      const pairs = a.pairs.map(([f, i]) => `${f} vs ${i}`).join(', ');
      return `In ${a.older} of ${a.checked} bursts every failing socket is older than the generation in force after the restart (failing vs in force, counted from the parent's start: ${pairs}${a.checked > a.pairs.length ? ', …' : ''}).`;
    }
    case 'old-children-exit':
      return `${e.args.gone} of ${e.args.failing} failing Apache child pids never fail again after their burst${e.args.loggedBefore > 0 ? `, ${e.args.loggedBefore} of them logged before the restart` : ''}: old-generation children that exit once their keep-alive connections close.`;
    case 'mpm-seen': {
      const b = mpmBasis(e.args.basis);
      return `MPM ${e.args.mpm}${b ? ` (${b})` : ''}.`;
    }
    case 'rotation-off-not-in-effect':
      return `The Apache config sets WSGISocketRotation Off (${e.args.origin}), but the failing paths still rotate: the setting is not in effect (not at server scope, not reloaded, or another config is running).`;
    case 'config-problem':
      return e.args.problem;
    case 'off-in-effect-since': {
      const a = e.args;
      const sign =
        a.firstUSocket !== null
          ? `first u${a.firstUSocket.uid ?? '<uid>'} socket ${t(a.firstUSocket.at)}, ${a.firstUSocket.origin}${a.via === 'origin-check' ? `; origin-check failures from ${t(a.signal.at)} (${a.signal.origin}) already say so` : ''}`
          : a.via === 'origin-check'
            ? `first origin-check failure ${t(a.signal.at)}, ${a.signal.origin}: it happens only with stable socket names`
            : `first sign ${t(a.signal.at)}, ${a.signal.origin}`;
      const after = `${count(a.after.bursts, 'connect-error burst')} in ${count(a.after.rotations, 'restart')} since${a.after.originChecks > 0 ? ` (and ${count(a.after.originChecks, 'origin-check failure')}: the 500s that replace the 503s under prefork/worker)` : ''}`;
      const before = `${a.before.bursts} in ${count(a.before.rotations, 'restart')} before`;
      return `WSGISocketRotation Off in effect since ${t(a.at)} (the restart at ${a.origin}; ${sign}); ${after}, ${before}; errors per day ${a.before.errorsPerDay} before, ${a.after.errorsPerDay} after${a.switchBursts > 0 ? `; the restart that applied it still gave ${count(a.switchBursts, 'burst')} on the old generation's socket` : ''}.`;
    }
    case 'bursts-before-fix':
      return `These ${count(e.args.bursts, 'burst')} (${count(e.args.errors, 'error')}) came before WSGISocketRotation Off took effect at ${t(e.args.at)} (${e.args.origin}): history, not a fix still to apply.`;
    case 'off-inside-virtualhost':
      return `WSGISocketRotation Off sits inside <${e.args.section}>${e.args.opened ? ` (opened at ${e.args.opened})` : ''} at ${e.args.origin}: it is allowed only in the server config, so Apache refuses the configuration (AH00526 "cannot occur within <VirtualHost> section" on apachectl's stderr); the reload fails and the old configuration keeps running.`;
    case 'rotated-log-kept-open':
      return `${e.args.file} was written to from ${t(e.args.from)} to ${t(e.args.to)} (${e.args.days} days) while ${e.args.current} got ${count(e.args.currentLines, 'line')}: Apache kept the renamed file open, i.e. the reload after the rotation failed and the old configuration kept running.`;
    case 'mod-wsgi-too-old-for-off':
      return `mod_wsgi ${e.args.version ?? 'older than ' + SOCKET_ROTATION_MIN_VERSION} (${versionBasis(e.args.basis)}) has no WSGISocketRotation (added in ${SOCKET_ROTATION_MIN_VERSION}): the directive cannot take effect.`;
    case 'recurring':
      return `Recurring: ${recurrence(e.args)}${e.args.matchesSchedule === true ? ', matching the logrotate schedule' : e.args.matchesSchedule === false ? ', not at the logrotate schedule' : ''}.`;
    case 'permission-denied': {
      const a = e.args;
      return `${a.eacces} of ${a.errors} errors in ${count(a.bursts, 'burst')} are EACCES (13) Permission denied${a.socket ? ` on ${a.socket}${a.otherSockets > 0 ? ` and ${count(a.otherSockets, 'other path')}` : ''}` : ''}.`;
    }
    case 'permission-every-request':
      return `From ${t(e.args.from)} to ${t(e.args.to)}, on every request rather than after restarts: a directory on the socket path is not traversable by the Apache user (or SELinux denies it).`;
    case 'backlog-errnos':
      return `${count(e.args.bursts, 'burst')}, ${count(e.args.errors, 'error')}: ${e.args.eagain} EAGAIN (11, listen backlog full) and ${e.args.refused} ECONNREFUSED (111), logged after connect-timeout (WSGI0116).`;
    case 'backlog-times':
      return `Times: ${e.args.times.map(t).join(', ')}${e.args.more > 0 ? ', …' : ''}; not within the failure window after any restart.`;
    case 'backlog-current-generation':
      return `All at socket generation ${e.args.generation}: the current daemon socket, not a stale one.`;
    case 'no-recovery':
      return `${count(e.args.stretches, 'stretch', 'stretches')} of errors with no quiet gap, the longest ${e.args.longestMinutes} min (${count(e.args.errors, 'error')}): the daemon group did not answer for that long.`;
    case 'daemon-died':
      return `${count(e.args.count, '"daemon died"/restart-exhausted message')} during those stretches (first ${e.args.origin}).`;
    case 'refused-no-listener':
      return `${e.args.refused} ECONNREFUSED (111): the socket file exists but nothing listens on it.`;
    case 'unexplained-bursts':
      return `${count(e.args.bursts, 'burst')}, ${count(e.args.errors, 'error')} (${e.args.errnos.join(', ')}) that neither follow a known restart nor look like overload, permissions or a dead daemon.`;
    case 'aligned-by-chance':
      return e.args.undecidable
        ? `${e.args.aligned} of them start shortly after a restart, but the timing test cannot tell that from chance here (${testDetail(e.args.test)}), and the errors do not show the restart directly (ENOENT on the restarted parent's own rotating socket, from children that then stop failing).`
        : `${e.args.aligned} of them start shortly after a restart, but chance explains that alignment (p = ${pValue(e.args.test.p)}; ${testDetail(e.args.test)}).`;
    case 'nothing-to-test-against':
      return 'No Apache restart notices and no logrotate schedule were available to test against.';
    case 'nearest-trigger': {
      const a = e.args;
      const win = `the ${a.windowSeconds} s failure window`;
      if (a.before === null)
        return `#${a.burst + 1} at ${t(a.at)}: no restart or logrotate run before it in the logged time, so nothing to put it within ${win} of.`;
      return `#${a.burst + 1} at ${t(a.at)} starts ${duration(a.gapMs, true)} after ${triggerBefore(a.before, c.zone)} (${a.before.origin}), outside ${win}.`;
    }
    case 'more-outside-windows':
      return `${count(e.args.more, 'more burst')} likewise outside every failure window.`;
    case 'time-of-day':
      return `Time of day: ${recurrence(e.args)}${e.args.matchesSchedule === true ? ', at the logrotate schedule' : e.args.matchesSchedule === false ? ', not at the logrotate schedule' : ''}.`;
    case 'fixed-time-suggests-reload':
      return "A fixed daily time like this is typical of a scheduled reload (logrotate's postrotate): the logrotate schedule and the main error log with its rotated siblings would confirm or rule it out.";
    case 'logrotate-not-the-cause':
      return `logrotate does not restart Apache (${e.args.origin ? `${e.args.detail || 'copytruncate'}, ${e.args.origin}` : 'copytruncate / no postrotate'}), so it is not the cause; look for another job or reload at the bursts' time of day.`;
    case 'origin-check-alerts': {
      const a = e.args;
      const test = a.test
        ? a.undecidable
          ? `the timing test cannot decide here: ${testDetail(a.test)}`
          : `p = ${pValue(a.test.p)}`
        : 'no test';
      return `${a.alerts} ${quoted(a.asLogged, '"Request origin could not be validated"')} alerts from the new daemon in ${a.aligned} of ${a.clusters} clusters that start within ${a.windowSeconds} s after an Apache restart (${test}): old children reaching the new daemon with the previous configuration's token.`;
    }
    case 'origin-check-truncated':
      return `${e.args.truncated} matching ${quoted(e.args.asLogged, '"Truncated or oversized response headers"')} lines from the old children (HTTP 500) within 5 s of those alerts.`;
    case 'unreadable-signature-lines':
      return `${unreadable(e.args)}: nothing else explains them, so this is not an all-clear; fix or re-export the log (with its timestamps) and run again.`;
    case 'untimed-permission-denied':
      return `${e.args.lines} of ${count(e.args.of, 'connect error')} without a time say "(13) Permission denied"${e.args.socket ? ` on ${e.args.socket}` : ''}: the Apache child may not reach the socket directory (lower confidence: without times the errors cannot be told from one-off events).`;
    case 'untimed-rotating-enoent':
      return `${e.args.lines} of ${count(e.args.of, 'connect error')} without a time say "(2) No such file or directory" on rotating socket paths${e.args.generations.length > 0 ? ` (generation ${e.args.generations.join(', ')})` : ''}: consistent with a restart removing the socket, but without times they cannot be tested against the restarts.`;
    case 'host-diagnosed-alone':
      return `Host ${e.args.host || '(unnamed)'} diagnosed on its own (${e.args.hosts} hosts in the logs): ${count(e.args.events, 'connect error')} of this host; no burst or restart of another host counted.`;
  }
}

/**
 * The log's own wording when it printed a 6.x code (WSGI0034, WSGI0146 …), per daemon group with
 * counts when there are several; else the classic wording.
 */
function quoted(lines: LoggedLine[] | undefined, classic: string): string {
  const six = (lines ?? []).filter((l) => l.code !== null);
  if (six.length === 0) return classic;
  const groups = new Set(six.map((l) => l.group));
  const one = (l: LoggedLine) => `${l.code} "${l.text.replace(/\.$/, '')}"`;
  if (groups.size <= 1 && new Set(six.map(one)).size === 1) return one(six[0]!);
  return `(${six.map((l) => `${l.count} × ${one(l)}${l.group ? ` in group ${l.group}` : ''}`).join(', ')})`;
}

/** The unreadable lines by reason, with up to three examples (control characters shown as \xNN). */
function unreadable(u: UnreadableFacts): string {
  const reasons = Object.entries(u.reasons)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  const ex = u.examples
    .slice(0, 3)
    .map((x) => `${x.file}:${x.line} "${visible(x.text, 80)}"`)
    .join('; ');
  return `${count(u.lines, 'line')} carrying a mod_wsgi signature could not be read (${reasons})${u.connect > 0 ? `, ${u.connect} of them connect failures` : ''}${ex ? `; e.g. ${ex}` : ''}`;
}

/** A line as data: control characters as \xNN, cut to `max` characters. */
function visible(s: string, max: number): string {
  const v = s.replace(/[\x00-\x1f\x7f-\x9f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return v.length > max ? `${v.slice(0, max - 1)}…` : v;
}

function versionLine(v: VersionFacts, kind: 'upgrade' | 'ok' | 'unknown'): string {
  const basis = versionBasis(v.basis);
  if (kind === 'upgrade')
    return `UPGRADE FIRST: the log shows mod_wsgi ${v.version} (${basis}); WSGISocketRotation exists only from ${SOCKET_ROTATION_MIN_VERSION} and older versions refuse to start with it.`;
  if (kind === 'ok')
    return `mod_wsgi ${v.version} (${basis}) supports it (needs ${SOCKET_ROTATION_MIN_VERSION} or later).`;
  return `Needs mod_wsgi ${SOCKET_ROTATION_MIN_VERSION} or later; the log shows no version (${basis}), so check it first.`;
}

export function sayCaveat(k: Caveat, c: WordsContext): string {
  void c;
  switch (k.code) {
    case 'upgrade-first':
      return versionLine(k.args, 'upgrade');
    case 'version-supports-rotation':
      return versionLine(k.args, 'ok');
    case 'version-unknown-check':
      return versionLine(k.args, 'unknown');
    case 'few-occurrences':
      return `${k.args.occurrences === 1 ? 'One occurrence' : `${k.args.occurrences} occurrences`} in a log covering ${duration(k.args.spanMs)} cannot show that the errors follow every rotation (a daily or weekly pattern). Before changing the config, collect the error logs of several rotations (the rotated files, e.g. error_log-YYYYMMDD / error.log.1, .2.gz) with the logrotate state file and run again: each rotation should be followed by such a burst, and there should be no errors away from restarts.`;
    case 'prefork-off-origin-check':
      return `MPM ${k.args.mpm} (${mpmBasis(k.args.basis) ?? 'unknown basis'}): with rotation Off, old children holding keep-alive connections reach the new daemon, which rejects them by its origin check (${k.args.sixX ? 'WSGI0034 "Request origin could not be validated" in the daemon, WSGI0146 "closed connection before sending complete response headers" in the child' : '"Request origin could not be validated" in the daemon, "Truncated or oversized response headers" in the child'}): the 503 bursts become HTTP 500s. Off removes the connect errors, not the failures; ${COMPLETE_CURE}.`;
    case 'event-off':
      return `MPM event (${mpmBasis(k.args.basis) ?? 'unknown basis'}): it closes idle keep-alive connections of old children at a graceful restart, so the failures seen here come from connections that had a request in flight or were mid-keep-alive; Off lets those reach the new daemon.`;
    case 'mpm-unknown-off':
      return `MPM unknown: under prefork/worker, Off turns the 503s into origin-check 500s for old children's keep-alive requests; ${COMPLETE_CURE}.`;
    case 'off-trade-off':
      return 'Trade-off: old children then talk to daemons started from the new configuration. Apply it while the mod_wsgi configuration (WSGIDaemonProcess options, application paths, virtualenv) stays the same across reloads; for changes to those, do a full restart.';
    case 'off-not-for-other-causes':
      return 'Do not apply it for errors that are permission problems (EACCES), overload (EAGAIN with the current generation) or not aligned with restarts: it would change nothing.';
    case 'off-already-in-effect':
      return 'Not WSGISocketRotation Off: it is already in effect (u<uid> socket names).';
    case 'complete-cure': {
      const b = mpmBasis(k.args.basis);
      return `MPM ${k.args.mpm ?? 'unknown'}${b ? ` (${b})` : ''}: ${COMPLETE_CURE}.`;
    }
    case 'short-keepalive-cost':
      return 'A short KeepAliveTimeout costs a new TCP/TLS handshake for clients idle longer than it.';
    case 'copytruncate-loses-lines':
      return 'copytruncate can lose lines written between the copy and the truncation.';
    case 'check-path-traversal':
      return 'Check every directory on the path with: namei -l <socket path> (each needs x for the Apache user).';
    case 'selinux-context':
      return 'On SELinux hosts the directory needs the httpd_var_run_t context (ausearch -m avc -c httpd).';
    case 'not-in-tmp':
      return 'Never put the sockets in /tmp (systemd PrivateTmp and tmp cleaners remove them).';
    case 'memory-per-process':
      return 'Each extra process loads its own copy of the application: check memory first.';
    case 'find-slow-requests':
      return 'Find the slow requests too (mod_wsgi request-timeout=, application profiling): more capacity only postpones an overload caused by a stalled backend.';
    case 'somaxconn-cap':
      return "The backlog is also capped by the kernel's net.core.somaxconn.";
    case 'check-daemons-running':
      return `Check that the daemons of ${k.args.groups.join(', ') || '<group>'} run and answer: ps -eo pid,ppid,user,lstart,cmd | grep -i wsgi; ss -xlp | grep ${k.args.socketPrefix ?? 'wsgi'}.`;
    case 'look-for-crash-loop':
      return 'Look for "has died", "terminated by signal" and segfault lines in the main error log (crash loop), and for the application failing to import at start-up.';
    case 'leftover-socket':
      return 'A leftover socket file with no daemon behind it gives ECONNREFUSED until Apache is restarted.';
    case 'collect-main-log':
      return 'Collect the main error log (restart notices go only there) with its rotated siblings (error_log.1, error_log-YYYYMMDD.gz): old children write their errors into the rotated file.';
    case 'collect-logrotate':
      return 'Collect the logrotate stanza and what runs it (cron, anacrontab, logrotate.timer), or run with --root on the host or an unpacked sosreport.';
    case 'collect-apache-config':
      return `Collect the Apache config (--apache-config) for KeepAliveTimeout, WSGISocketRotation and the WSGIDaemonProcess options${k.args.groups.length ? ` of ${k.args.groups.join(', ')}` : ''}.`;
    case 'note-503-times':
      return 'Note the times users saw 503s and any deploys or reloads at those times.';
  }
}

export function sayVerification(v: Verification, c: WordsContext): string {
  void c;
  switch (v.code) {
    case 'verify-rotation-off': {
      const mpm = v.args.mpm ?? (v.args.event ? 'event' : null);
      // under prefork/worker the origin check rejects old children after Off (the caveat above): expect them, not their absence
      const origin =
        mpm === 'event'
          ? ', and no "Request origin could not be validated" / WSGI0034'
          : mpm === 'prefork' || mpm === 'worker'
            ? `; under ${mpm}, "Request origin could not be validated" / WSGI0034 with the child's "Truncated or oversized response headers" / WSGI0146 (HTTP 500) may still follow each restart: that is Off in force, the after-effect the caveat describes, not a failed fix`
            : '; whether "Request origin could not be validated" / WSGI0034 lines (HTTP 500) still follow restarts depends on the MPM: under prefork/worker they are Off in force, under event they should not appear';
      return `Run apachectl configtest, reload once, check that the socket names now carry u<uid> (ls ${v.args.socketDir ?? '<WSGISocketPrefix directory>'}), then after the next rotation${v.args.recurringAt ? ` (around ${v.args.recurringAt})` : ''} run wsgi-logdoctor again on the current log and its rotated siblings: no WSGI0116/WSGI0117 on generation-numbered sockets after the restart${origin}.`;
    }
    case 'verify-already-off':
      return 'After switching to the event MPM, shortening KeepAliveTimeout, or rotating without a reload, the origin-check pair and the connect errors no longer follow restarts (run wsgi-logdoctor after the next rotation).';
    case 'verify-backlog':
      return 'Under comparable load, no "(11) Resource temporarily unavailable" / "(111) Connection refused" WSGI0116 errors; queue-timeout (HTTP 504) stays rare.';
    case 'verify-permission':
      return 'The Apache user can traverse the socket directory (e.g. sudo -u www-data ls -ld <prefix directory>), and the first request after the change succeeds.';
    case 'verify-daemon-up':
      return 'The daemon group stays up: no "has died" / "terminated by signal" lines, and its processes (display-name) are present in ps.';
    case 'verify-rerun-with-more':
      return 'Run wsgi-logdoctor again with what was collected: bursts right after restarts point to the rotation, bursts at busy times to overload, long unbroken stretches to a daemon that is down.';
  }
}

export function sayMissing(m: Missing, c: WordsContext): string {
  switch (m.code) {
    case 'only-one-file':
      return 'Only one log file was read: after a rotation, old Apache children write their errors to the end of the rotated file (error_log.1 / error.log.1), so give its rotated siblings too.';
    case 'restart-notices-rotated-away':
      return `No Apache restart notices in the log: ${count(m.args.inferred, '"configured" line')} closed a restart without one (first ${time(m.args.at, c.zone)}, ${m.args.origin}). At a logrotate reload the parent writes the notice into the file just renamed (error_log-YYYYMMDD / error.log.1)${m.args.siblingsRead ? '; it is in none of the files read (older rotations not kept, or the lines filtered out)' : ', which was not read: include the rotated siblings'}.`;
    case 'no-restart-notices-in-siblings':
      return `No Apache restart notices in the log: none in the ${m.args.files} files read, rotated siblings included. They go to the main ErrorLog only (not to vhost logs): either Apache was not reloaded in this time, or the main log's older rotations are missing.`;
    case 'no-restart-notices':
      return 'No Apache restart notices in the log: they go to the main ErrorLog only (not to vhost logs), and at a rotation into the rotated file; include the main error log and its rotated siblings.';
    case 'no-logrotate-config-or-schedule':
      return 'No logrotate config or schedule: give --logrotate with --cron/--timer/--schedule, or --root on a host or sosreport, to test the errors against the rotation times and to know whether a rotation reloads Apache (graceful) or not (copytruncate).';
    case 'no-logrotate-schedule':
      return 'No logrotate schedule: give --cron/--timer/--schedule, or --root on a host or sosreport, to test the errors against the rotation times.';
    case 'no-logrotate-stanza':
      return 'No logrotate stanza for this log: whether a rotation reloads Apache (graceful) or not (copytruncate) is unknown; give --logrotate.';
    case 'no-logrotate-config':
      return 'No logrotate configuration was given (--logrotate or --root): what the rotation does to Apache is not known.';
    case 'no-apache-config':
      return `No Apache config: ${m.args.defaultWindowSeconds !== null ? `the failure window after a restart is a default ${m.args.defaultWindowSeconds} s (KeepAliveTimeout unknown)` : 'KeepAliveTimeout is unknown'}; give --apache-config for KeepAliveTimeout, connect-timeout and WSGISocketRotation.`;
    case 'mpm-unknown':
      return 'MPM unknown (no [mpm_*:notice] lines): it decides whether old children fail after a graceful restart and what WSGISocketRotation Off changes.';
    case 'mod-wsgi-version-unknown':
      return `mod_wsgi version unknown (${versionBasis(m.args.basis)}): WSGISocketRotation needs ${SOCKET_ROTATION_MIN_VERSION} or later.`;
    case 'short-log':
      return `The logs cover only ${duration(m.args.spanMs)}: a daily pattern needs several days of logs.`;
    case 'no-socket-paths':
      return 'The errors carry no decodable socket path: rotation On/Off cannot be read from them.';
    case 'signature-lines-unread':
      return `${unreadable(m.args)}; the answer does not count them in time.`;
    case 'restart-notices-not-in-syslog':
      return `The errors came through ${m.args.envelopes.join(', ')}: under ErrorLog syslog Apache writes no restart notices there, so ${m.args.basis === 'schedule' ? 'the restarts rest on the logrotate schedule' : m.args.basis === 'generations' ? 'the restarts rest on the rising socket generations' : 'no restart could be placed in time; give the logrotate schedule (--cron/--timer/--schedule or --root)'}.`;
    case 'no-rotated-siblings-found':
      return 'No rotated siblings (error_log.1, error_log-YYYYMMDD.gz …) were found beside the log: old workers write their errors into the rotated file, so bursts after a rotation may be missing.';
    case 'rotation-runs-missed':
      return `${m.args.missed} of ${count(m.args.checked, 'scheduled logrotate run')} inside the time ${m.args.log} covers did not happen (first ${time(m.args.first, c.zone)}, ${m.args.spec}): no start was logged then (the host was down, or anacron skipped it); no reload, no burst expected.`;
    case 'rotation-runs-unscheduled':
      return `${count(m.args.runs, 'logrotate run')} logged that no known schedule explains (first ${time(m.args.first, c.zone)}, ${m.args.origin}): a manual run, another cron job or timer, or a catch-up after downtime; find what starts it.`;
    case 'postrotate-failed':
      return `logrotate's postrotate script failed ${count(m.args.failures, 'time')} (first ${time(m.args.first, c.zone)}, ${m.args.origin}): the Apache reload failed, so Apache kept running its old configuration (after a create-style rotation it keeps writing to the renamed log); run apachectl configtest.`;
    case 'discovery-note':
      return m.args.note;
  }
}
