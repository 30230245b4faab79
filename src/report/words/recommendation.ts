// A recommendation's snippet (what to paste, with its comments) and the verdict titles: the
// diagnosis says which fix and with which values, these say it in the config's own language.
import type { FindingKind, Layout, Recommendation, RecommendationFacts, Verdict } from '../../model.js';

const MIN = '4.6.0';

/** What each verdict means, in one line (the one place the titles live). */
export const VERDICT_TITLE: Record<Verdict, string> = {
  'rotation-restart': 'Errors follow Apache graceful restarts (log rotation) with rotating daemon socket names',
  'rotation-already-off': 'Socket rotation is already Off, yet old Apache children fail after restarts',
  'socket-permission': 'The Apache children cannot reach the daemon socket directory (permission denied)',
  'daemon-down': 'The daemon process group was not answering for long stretches',
  'backlog-overload': "The daemon's listen backlog overflowed under load",
  'fix-not-in-effect': 'WSGISocketRotation Off is configured but not in force',
  inconclusive: 'Connect errors without a pattern strong enough to name a cause',
  'no-errors': 'No mod_wsgi daemon connect errors (WSGI0116/WSGI0117) in the analysed window',
};

/** What each verdict means for the operator, in two sentences at most. */
export const VERDICT_EXPLAIN: Record<Verdict, string> = {
  'rotation-restart':
    'The connect errors come right after Apache graceful restarts (typically logrotate’s postrotate): old Apache children still hold keep-alive connections and try the previous generation’s daemon socket, which no longer exists.',
  'rotation-already-off':
    'Errors follow restarts although the daemon sockets already have stable (u<uid>) names: the socket is briefly absent, or old children are rejected by the new daemon’s origin check.',
  'backlog-overload':
    'The daemon process group could not accept connections fast enough (ECONNREFUSED/EAGAIN), independent of restarts.',
  'socket-permission':
    'The Apache children are denied access to the daemon socket (EACCES): WSGISocketPrefix points into a directory they cannot traverse.',
  'daemon-down':
    'Errors persist for long stretches with no recovery: the daemon group is not running or is crash-looping.',
  inconclusive: 'There are connect errors, but no pattern is strong enough to name a cause.',
  'no-errors': 'No WSGI0116/WSGI0117 (or their pre-6.0 wordings) in the analysed window.',
  'fix-not-in-effect':
    'The configuration asks for WSGISocketRotation Off, but the sockets still rotate: the directive is not in force.',
};

export function title(kind: FindingKind | Verdict): string {
  return VERDICT_TITLE[kind];
}

function serverConfigPlace(layout: Layout): string {
  if (layout === 'debian') return '/etc/apache2/mods-available/wsgi.conf (Debian/Ubuntu; enabled by a2enmod wsgi)';
  if (layout === 'rhel') return '/etc/httpd/conf.d/wsgi.conf or httpd.conf (RHEL/Fedora)';
  return 'the main httpd.conf / apache2.conf, or a file it includes at top level';
}

const lines = (xs: (string | null)[]): string => xs.filter((l): l is string => l !== null).join('\n');

/** The config snippet for a recommendation, comments included. */
export function snippet(r: RecommendationFacts & Pick<Recommendation, 'directive'>): string {
  switch (r.code) {
    case 'socket-rotation-off':
      return lines([
        r.args.upgradeFirst
          ? `# UPGRADE mod_wsgi to ${MIN}+ FIRST: this directive does not exist in ${r.args.version}.`
          : null,
        `# Server config, NOT inside <VirtualHost> (it is server-scope only and Apache refuses to`,
        `# start otherwise), e.g. in ${serverConfigPlace(r.args.layout)}.`,
        `# Keeps the daemon socket path stable across graceful restarts (<prefix>.<ppid>.u<uid>.<id>.sock instead`,
        `# of <prefix>.<ppid>.<generation>.<id>.sock), so Apache children of the old generation still reach a`,
        `# daemon after logrotate's reload. Needs mod_wsgi >= ${MIN}.`,
        r.directive,
      ]);
    case 'put-off-in-force':
      return lines([
        r.args.reason === 'upgrade'
          ? `# UPGRADE mod_wsgi to ${MIN}+: ${r.args.version ?? 'this version'} has no WSGISocketRotation.`
          : r.args.reason === 'virtualhost'
            ? `# Move it OUT of <VirtualHost>${r.args.origin ? ` (${r.args.origin})` : ''}: Apache refuses it there (AH00526) and keeps the old configuration.`
            : `# The setting${r.args.origin ? ` at ${r.args.origin}` : ''} is not in force: check that this file is read (Include/IncludeOptional at top level) and that the last reload succeeded.`,
        `# Server config, e.g. ${serverConfigPlace(r.args.layout)}; then apachectl configtest and a reload (or restart).`,
        r.directive,
      ]);
    case 'shorten-keepalive':
      return lines([
        '# WSGISocketRotation is already Off: old Apache children holding keep-alive connections across',
        '# a graceful restart reach the new daemon and are rejected by its origin check (HTTP 500).',
        '# Shorten the window in which old children still take requests (server config):',
        r.directive,
        r.args.mpm === 'event'
          ? null
          : r.args.layout === 'debian'
            ? '# Better: the event MPM:  a2dismod mpm_prefork && a2enmod mpm_event  (needs a thread-safe stack, e.g. PHP-FPM instead of mod_php)'
            : r.args.layout === 'rhel'
              ? '# Better: the event MPM (RHEL: LoadModule mpm_event_module in conf.modules.d/00-mpm.conf)'
              : '# Better: the event MPM (LoadModule mpm_event_module in place of the prefork/worker one; Debian: a2dismod mpm_prefork && a2enmod mpm_event)',
        '# Or rotate without a reload: ErrorLog "|/usr/bin/rotatelogs …", or copytruncate in the logrotate stanza.',
      ]);
    case 'socket-prefix':
      return lines([
        `# The daemon sockets must live in a directory the Apache children${r.args.childUid !== null ? ` (uid ${r.args.childUid})` : ''} can traverse.`,
        r.args.socketPrefix
          ? `# Currently: ${r.args.socketPrefix}.* (not reachable). Server config, outside <VirtualHost>:`
          : '# Server config, outside <VirtualHost>:',
        r.args.rhel ? '# (relative to ServerRoot: /etc/httpd/run -> /run/httpd)' : null,
        r.directive,
      ]);
    case 'daemon-capacity':
      return lines([
        '# More capacity, a longer listen queue, and shed load with 504 after queue-timeout',
        '# instead of 503s after connect-timeout (values are a starting point: size to CPU/RAM):',
        r.args.daemonLine,
      ]);
    case 'log-level-daemon-down':
      return lines([
        "# Make mod_wsgi's daemon start/stop/died lines visible (mod_wsgi maintainer's standing",
        '# advice when debugging daemon connections), then check the daemon group is running:',
        r.directive,
      ]);
    case 'log-level-collect':
      return lines([
        "# Not a fix: makes mod_wsgi's daemon start/stop/died lines visible, so that the next",
        '# occurrence shows whether daemons restarted or died around the errors:',
        r.directive,
      ]);
  }
}
