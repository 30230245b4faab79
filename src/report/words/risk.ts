// Words for risks[] (what the configuration predicts, src/diagnose/risks.ts).
import type { Risk } from '../../model.js';

function schedule(s: string | null): string {
  if (s === null) return 'when logrotate runs';
  return /^(hourly|daily|weekly|monthly|yearly)$/.test(s) ? `${s}` : `on its schedule (${s})`;
}

export function sayRisk(r: Risk): string {
  const a = r.args;
  const mpm =
    a.mpm === 'unknown' ? 'an MPM that could not be read (the risk holds for prefork and worker)' : `the ${a.mpm} MPM`;
  const groups =
    a.daemonGroups.length > 0
      ? ` (daemon group${a.daemonGroups.length === 1 ? '' : 's'} ${a.daemonGroups.join(', ')})`
      : '';
  const setup = `${mpm}, KeepAliveTimeout ${a.keepAliveTimeout} s, and logrotate reloading Apache (graceful) ${schedule(a.schedule)}${groups}`;
  switch (r.code) {
    case 'nightly-503-risk':
      return (
        `With ${setup} and WSGISocketRotation On, every reload leaves old children holding keep-alive connections whose ` +
        `next request fails on the previous generation's daemon socket (HTTP 503, WSGI0116/WSGI0117). ` +
        `Remedy: WSGISocketRotation Off in server config; for the origin-check 500s that then remain under prefork/worker, ` +
        `the event MPM, a KeepAliveTimeout of 2 s or less, or rotation without a reload.`
      );
    case 'nightly-500-risk':
      return (
        `With ${setup} and WSGISocketRotation Off, every reload leaves old children whose keep-alive requests reach the ` +
        `new daemon and fail its origin check (HTTP 500; "Request origin could not be validated" / WSGI0034). ` +
        `Remedy: the event MPM, a KeepAliveTimeout of 2 s or less, or rotation without a reload (copytruncate, piped rotatelogs).`
      );
  }
}

/** One line for summaries. */
export function riskHeadline(r: Risk): string {
  return r.code === 'nightly-503-risk'
    ? 'the configuration predicts 503s at every logrotate reload'
    : 'the configuration predicts origin-check 500s at every logrotate reload';
}
