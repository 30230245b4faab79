// The mod_wsgi version gate for `WSGISocketRotation` (added in mod_wsgi 4.6.0, release notes
// docs/release-notes/version-4.6.0.rst) and the MPM the evidence comes from.
import type { ApacheConfigFacts, Mpm, MpmBasis, ParsedLogs, VersionBasis } from '../model.js';

export const SOCKET_ROTATION_MIN_VERSION = '4.6.0';

export interface ModWsgiVersion {
  /** e.g. "4.9.4", or a range such as "< 4.6.0" when only the message wording tells */
  version: string | null;
  /** true: WSGISocketRotation exists; false: upgrade first; null: unknown */
  supportsSocketRotation: boolean | null;
  /** where it was seen; when unknown, why (a banner that names no mod_wsgi) or null */
  basis: VersionBasis | null;
}

/** Numeric compare of dotted versions ("4.5.24" < "4.6.0"); suffixes like "rc1" are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The mod_wsgi version in force at the end of the log: the last server banner that names it
 * (mod_wsgi adds `mod_wsgi/X.Y.Z` to the server description logged after every (re)configuration,
 * so an upgrade shows up in the timeline), else what the messages' wording or socket names prove.
 */
export function modWsgiVersion(parsed: ParsedLogs): ModWsgiVersion {
  const banners = parsed.banners.filter((b) => b.modWsgi !== null).sort((a, b) => a.time - b.time);
  const last = banners[banners.length - 1];
  if (last && last.modWsgi) {
    return {
      version: last.modWsgi,
      supportsSocketRotation: compareVersions(last.modWsgi, SOCKET_ROTATION_MIN_VERSION) >= 0,
      basis: { via: 'banner', origin: `${last.file}:${last.line}` },
    };
  }
  // A `u<uid>` socket name exists only with WSGISocketRotation Off (mod_wsgi >= 4.6.0, wsgi_start_daemons()).
  const evs = parsed.events;
  let u = 0;
  while (u < evs.length && evs.socketInfo(u)?.rotation !== 'off') u++;
  if (u < evs.length)
    return {
      version: '>= 4.6.0',
      supportsSocketRotation: true,
      basis: { via: 'u-socket', origin: `${evs.shape(u).file}:${evs.line(u)}` },
    };
  const latest = evs.sortedByTime().at(-1);
  if (latest?.modWsgiMessageStyle === '6.x')
    return {
      version: '6.x',
      supportsSocketRotation: true,
      basis: { via: 'message-code', origin: `${latest.file}:${latest.line}` },
    };
  if (latest?.modWsgiMessageStyle === '3.x')
    return {
      version: '3.x',
      supportsSocketRotation: false,
      basis: { via: '3x-wording', origin: `${latest.file}:${latest.line}` },
    };
  // Catalogue entries (src/wsgi/catalogue.ts) whose wording only 4.1.0–4.5.x printed:
  // 4.1.0–4.5.x wording "…backlog limit was exceeded." without "or the socket does not exist"
  // (mod_wsgi src/server/mod_wsgi.c wsgi_connect_daemon() at 4.1.0 vs 4.6.0).
  if (latest && (latest.variant === 'connect-4.1-plain' || latest.variant === 'connect-4.1-backlog'))
    return {
      version: '< 4.6.0',
      supportsSocketRotation: false,
      basis: { via: 'pre46-wording', origin: `${latest.file}:${latest.line}` },
    };
  // A description without mod_wsgi/X.Y.Z: mod_wsgi adds its component in post_config, and
  // ap_add_version_component() always extends the description (ServerTokens only locks the
  // Server: header banner, httpd server/core.c), so mod_wsgi was most likely not loaded at that
  // (re)configuration. Say so rather than "no banner".
  const plain = [...parsed.banners].sort((a, b) => a.time - b.time).pop();
  return {
    version: null,
    supportsSocketRotation: null,
    basis: plain
      ? { via: 'banner-without-mod-wsgi', origin: `${plain.file}:${plain.line}`, description: plain.description }
      : null,
  };
}

export interface MpmInfo {
  mpm: Mpm | null;
  basis: MpmBasis | null;
}

/** The MPM, from the restart markers first (what actually ran), then banners, then the config. */
export function detectMpm(parsed: ParsedLogs, apache: ApacheConfigFacts | null): MpmInfo {
  const markers = parsed.restarts.filter((r) => r.mpm !== null).sort((a, b) => a.time - b.time);
  const m = markers[markers.length - 1];
  if (m && m.mpm) return { mpm: m.mpm, basis: { via: 'marker', origin: `${m.file}:${m.line}` } };
  const b = parsed.banners.filter((x) => x.mpm !== null).pop();
  if (b && b.mpm) return { mpm: b.mpm, basis: { via: 'banner', origin: `${b.file}:${b.line}` } };
  if (apache?.mpm) return { mpm: apache.mpm.value, basis: { via: 'config', origin: apache.mpm.origin } };
  return { mpm: null, basis: null };
}
