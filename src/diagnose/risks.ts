// Risk from configuration alone (issue 16): what the host's configuration predicts at the next
// logrotate reload, with or without errors in the analysed window. Pure: facts in, facts out; the
// words live in src/report/words.
//
// The mechanism (reproduction, httpd server/mpm/*/…c, mod_wsgi wsgi_start_daemons()): a graceful
// restart leaves old prefork/worker children holding idle keep-alive connections for up to
// KeepAliveTimeout; their next request goes to the daemon socket of the old generation (503,
// WSGI0116/0117) when WSGISocketRotation is On, or reaches the new daemon and fails its origin
// check (500) when it is Off. The event MPM closes those idle connections at the restart.
import type { ApacheConfigFacts, LogrotateSummary, Mpm, ParsedLogs, Risk, ScheduleSourceInfo } from '../model.js';

/** A keep-alive this short leaves (almost) no idle connection to an old child: no risk. */
export const SHORT_KEEPALIVE_SECONDS = 2;

export interface RiskInput {
  apache: ApacheConfigFacts | null;
  logrotate: LogrotateSummary | null;
  scheduleSources: ScheduleSourceInfo[];
  /** the MPM the logs show (restart markers, banner), which beats a config that could not be read fully */
  mpmFromLogs: Mpm | null;
}

/** Only real origins (file:line) are cited; built-in defaults are named by what they are. */
function cite(origins: (string | null | undefined)[]): string[] {
  return [...new Set(origins.filter((o): o is string => typeof o === 'string' && o !== ''))];
}

export function assessRisks(input: RiskInput): Risk[] {
  const { apache, logrotate } = input;
  // no Apache config, no daemon group, or no reload at rotation: nothing to predict
  if (!apache || apache.daemons.length === 0) return [];
  if (!logrotate || logrotate.action !== 'graceful') return [];
  const mpm: Mpm | 'unknown' = input.mpmFromLogs ?? apache.mpm?.value ?? 'unknown';
  if (mpm === 'event') return [];
  const keepAlive = apache.keepAlive?.value ?? true;
  const timeout = apache.keepAliveTimeout?.value ?? 5;
  if (!keepAlive || timeout <= SHORT_KEEPALIVE_SECONDS) return [];
  const rotation = apache.socketRotation?.value ?? 'on';
  const scheduleSource = input.scheduleSources.find((s) => !s.assumption) ?? input.scheduleSources[0] ?? null;
  return [
    {
      code: rotation === 'on' ? 'nightly-503-risk' : 'nightly-500-risk',
      args: {
        mpm,
        keepAliveTimeout: timeout,
        rotation,
        action: 'graceful',
        schedule: logrotate.frequency ?? scheduleSource?.spec ?? null,
        daemonGroups: apache.daemons.map((d) => d.name),
      },
      origins: cite([
        apache.mpm?.origin,
        apache.keepAlive?.origin,
        apache.keepAliveTimeout?.origin,
        apache.socketRotation?.origin,
        ...apache.daemons.map((d) => d.origin),
        logrotate.origin,
        scheduleSource?.origin,
      ]),
    },
  ];
}

/** The MPM the logs show: the last lifecycle marker or banner that names one. */
export function mpmFromLogs(parsed: Pick<ParsedLogs, 'restarts' | 'banners'>): Mpm | null {
  for (let i = parsed.restarts.length - 1; i >= 0; i--) if (parsed.restarts[i]!.mpm) return parsed.restarts[i]!.mpm;
  for (let i = parsed.banners.length - 1; i >= 0; i--) if (parsed.banners[i]!.mpm) return parsed.banners[i]!.mpm;
  return null;
}
