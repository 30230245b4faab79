// What every rule's recommendation may draw on (src/diagnose/rules/*): the advice context, the
// Debian/RHEL layout and the mod_wsgi version caveat. The rules build recommendations as data
// (codes and values); src/report/words words them.
import type { ApacheConfigFacts, Caveat, Layout, LogrotateSummary, Verification, VersionFacts } from '../model.js';
import type { ModWsgiVersion, MpmInfo } from './version.js';

export interface AdviceContext {
  version: ModWsgiVersion;
  mpm: MpmInfo;
  apache: ApacheConfigFacts | null;
  logrotate: LogrotateSummary | null;
  /** socket prefix seen in the failing paths, e.g. /var/run/apache2/wsgi */
  socketPrefix: string | null;
  /** daemon groups named in the failing events */
  groups: string[];
  /** uid of the Apache children, from "as user with uid=N" */
  childUid: number | null;
  /** local time of day the bursts recur at, e.g. "06:25", when known */
  recurringAt: string | null;
}

/** Debian/Ubuntu vs RHEL/Fedora layout, from the config file paths or the socket prefix. */
export function layout(ctx: Pick<AdviceContext, 'apache' | 'socketPrefix'>): Layout {
  const files = ctx.apache?.files ?? [];
  const p = ctx.socketPrefix ?? '';
  // the config files read say it first; the socket prefix only when there is no config
  if (files.some((f) => f.includes('/etc/apache2/'))) return 'debian';
  if (files.some((f) => f.includes('/etc/httpd/'))) return 'rhel';
  if (/^\/(var\/)?run\/apache2\//.test(p)) return 'debian';
  if (/^\/((var\/)?run\/httpd|etc\/httpd)\//.test(p)) return 'rhel';
  return null;
}

export function versionCaveat(v: ModWsgiVersion): Caveat {
  const args: VersionFacts = { version: v.version, basis: v.basis };
  if (v.supportsSocketRotation === false) return { code: 'upgrade-first', args };
  if (v.supportsSocketRotation === true) return { code: 'version-supports-rotation', args };
  return { code: 'version-unknown-check', args };
}

/** "Verify afterwards" for WSGISocketRotation Off, as every rule that recommends it words it. */
export function verifyRotationOff(ctx: AdviceContext, sixX?: boolean): Verification {
  const mpm = ctx.mpm.mpm;
  return {
    code: 'verify-rotation-off',
    args: {
      socketDir: ctx.socketPrefix ? ctx.socketPrefix.replace(/\/[^/]*$/, '/') : null,
      recurringAt: ctx.recurringAt,
      event: mpm === 'event',
      ...(sixX === undefined ? {} : { sixX }),
      mpm,
    },
  };
}
