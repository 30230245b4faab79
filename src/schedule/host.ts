// What the host's files say about the two facts the scheduler guards depend on (Debian's
// cron.daily/logrotate exits under systemd; /etc/crontab's cron.daily line does nothing when
// anacron is installed). Unknown stays null: guarded sources are then kept and say so.
import type { ScheduleFiles } from './sources.js';

export interface HostProbe {
  /** does this host path exist (under --root)? */
  exists(hostPath: string): boolean;
  /** its text, when it is a readable file */
  read?(hostPath: string): string | null;
}

export function inferHostFacts(p: HostProbe): NonNullable<ScheduleFiles['host']> & { evidence: string[] } {
  const evidence: string[] = [];
  let systemd: boolean | null = null;
  const comm = p.read?.('/proc/1/comm')?.trim() ?? null;
  if (comm) {
    systemd = comm === 'systemd';
    evidence.push(`/proc/1/comm is ${comm}`);
  } else if (p.exists('/run/systemd/system')) {
    systemd = true;
    evidence.push('/run/systemd/system exists');
  } else if (p.exists('/sos_commands/systemd')) {
    // sosreport's systemd plugin only runs on systemd hosts
    systemd = true;
    evidence.push('the sosreport has sos_commands/systemd');
  } else if (p.exists('/etc/systemd/system/timers.target.wants/logrotate.timer')) {
    systemd = true;
    evidence.push('logrotate.timer is enabled (timers.target.wants)');
  } else if (p.exists('/sbin/openrc') || p.exists('/etc/alpine-release')) {
    systemd = false;
    evidence.push('OpenRC/Alpine host');
  }
  let anacron: boolean | null = null;
  for (const f of ['/usr/sbin/anacron', '/etc/anacrontab', '/etc/cron.hourly/0anacron']) {
    if (p.exists(f)) {
      anacron = true;
      evidence.push(`${f} exists`);
      break;
    }
  }
  // On a live root the binaries are visible, so absence means "not installed"; a bundle
  // (sosreport) has no /usr/sbin and leaves it unknown.
  if (anacron === null && p.exists('/usr/sbin/cron') && !p.exists('/usr/sbin/anacron')) {
    anacron = false;
    evidence.push('/usr/sbin/cron exists without /usr/sbin/anacron');
  }
  return { systemd, anacron, evidence };
}
