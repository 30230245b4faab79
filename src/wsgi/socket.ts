// mod_wsgi daemon socket names (wsgi_start_daemons(), identical in 4.6.0–6.0.5; 3.4 "%s.%d.%d.%d.sock"):
//   rotation On : <prefix>.<parent-pid>.<mpm-generation>.<id>.sock
//   rotation Off: <prefix>.<parent-pid>.u<daemon-uid>.<id>.sock
import type { SocketInfo } from '../model.js';

// (at most 15 digits a number: more is no pid, generation, uid or id, and a Number would not keep it)
const SOCKET_RE = /^(?<prefix>.*)\.(?<ppid>\d{1,15})\.(?<u>u?)(?<n>\d{1,15})\.(?<id>\d{1,15})\.sock$/;

export function decodeSocketPath(path: string): SocketInfo | null {
  const m = SOCKET_RE.exec(path);
  if (!m || !m.groups) return null;
  const off = m.groups.u === 'u';
  const n = Number(m.groups.n);
  return {
    prefix: m.groups.prefix!,
    parentPid: Number(m.groups.ppid),
    generation: off ? null : n,
    uid: off ? n : null,
    id: Number(m.groups.id),
    rotation: off ? 'off' : 'on',
  };
}
