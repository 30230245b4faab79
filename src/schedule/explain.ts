// Words for the report: one line per source (ScheduleSourceInfo) and an --explain-schedule view
// of the runs before and after a moment.
import type { Instant, ScheduleSourceInfo } from '../model.js';
import { formatLocal } from '../time/index.js';
import { expandWindows, triggerStarts } from './expand.js';
import type { ScheduleSourceDef, Trigger } from './sources.js';

function minutes(ms: number): string {
  if (ms % 3600e3 === 0 && ms >= 3600e3) return `${ms / 3600e3} h`;
  return `${Math.round(ms / 60e3)} min`;
}

function triggerText(t: Trigger): string {
  switch (t.kind) {
    case 'cron':
      return `cron '${t.cron.text}'${t.cron.text !== t.cron.fields ? ` (${t.cron.fields})` : ''}${t.cronTz ? ` in CRON_TZ=${t.cronTz}` : ''}${t.flavor === 'busybox' ? ' (busybox crond)' : ''}, starting logrotate within ${minutes(t.spreadMs)}`;
    case 'calendar':
      return `systemd OnCalendar=${t.calendars.map((c) => `${c.text}${c.text !== c.normalized ? ` (${c.normalized})` : ''}`).join(', ')}, window ${minutes(t.spreadMs)} (RandomizedDelaySec + AccuracySec)${t.persistent ? ', Persistent=true: a missed run happens at the next boot' : ''}`;
    case 'anacron': {
      // A typical day (a UTC day without DST) shows the shape of the window.
      const day = Date.UTC(2026, 0, 14);
      const src: ScheduleSourceDef = {
        source: 'anacron',
        spec: '',
        origin: '',
        trigger: t,
        guards: [],
        via: '',
        assumption: false,
      };
      const ws = expandWindows([src], { start: day, end: day + 86400e3 - 1 }, 'UTC').filter(
        (w) => w.start >= day && w.start < day + 86400e3,
      );
      const shape = ws[0]
        ? `${formatLocal(ws[0].start, 'UTC', 'HH:mm')}–${formatLocal(ws[0].end, 'UTC', 'HH:mm')}`
        : 'no run on an ordinary day';
      const params = [
        t.startHours ? `START_HOURS_RANGE ${t.startHours.from}-${t.startHours.to}` : null,
        t.randomDelayMinutes ? `RANDOM_DELAY ${t.randomDelayMinutes}` : null,
        `delay ${t.job.delayMinutes}`,
        `period ${t.job.periodText}`,
      ].filter((x) => x !== null);
      return `anacron window ${shape} local time (${params.join(', ')}; started by ${t.starterOrigin})`;
    }
  }
}

/** The report's description of a source. */
export function describeSource(src: ScheduleSourceDef): ScheduleSourceInfo {
  const guards = src.guards.length
    ? `; only if ${src.guards.map((g) => (g === 'no-systemd' ? 'systemd is not running' : g === 'no-anacron' ? 'anacron is not installed' : 'systemd is running')).join(' and ')}`
    : '';
  return {
    source: src.source,
    spec: src.spec,
    origin: src.origin,
    description: `${triggerText(src.trigger)}; ${src.via}${guards}`,
    assumption: src.assumption,
  };
}

/**
 * `--explain-schedule`: for each source, its n previous and n next windows around `around`,
 * as lines of text in the analysis zone.
 */
export function explainSchedule(sources: ScheduleSourceDef[], around: Instant, zone: string, n: number): string[] {
  const lines: string[] = [];
  for (const src of sources) {
    const d = describeSource(src);
    lines.push(`${d.origin}: ${d.spec}${d.assumption ? ' (assumed)' : ''}`);
    lines.push(`  ${d.description}`);
    // Widen the span until n windows on either side are found (hourly … monthly schedules).
    let reach = 2 * 86400e3;
    let capped = false;
    const expand = () =>
      expandWindows([src], { start: around - reach, end: around + reach }, zone, 'unknown', () => (capped = true));
    let ws: { start: Instant; end: Instant }[] = expand();
    while (
      !capped &&
      (ws.filter((w) => w.start < around).length < n || ws.filter((w) => w.start >= around).length < n) &&
      reach < 800 * 86400e3
    ) {
      reach *= 4;
      ws = expand();
    }
    const t = src.trigger;
    if (capped && t.kind !== 'anacron') {
      // More runs than expandWindows keeps (every minute or second): the hour around is enough.
      ws = triggerStarts(t, around - 3600e3, around + 3600e3, zone).map((s) => ({
        start: s,
        end: s + t.spreadMs,
      }));
    }
    const prev = ws.filter((w) => w.start < around).slice(-n);
    const next = ws.filter((w) => w.start >= around).slice(0, n);
    const fmt = (w: { start: Instant; end: Instant }) => {
      const sameDay = formatLocal(w.start, zone, 'yyyy-LL-dd') === formatLocal(w.end, zone, 'yyyy-LL-dd');
      return `${formatLocal(w.start, zone, 'ccc yyyy-LL-dd HH:mm:ss')} – ${formatLocal(w.end, zone, sameDay ? 'HH:mm:ss ZZ' : 'ccc yyyy-LL-dd HH:mm:ss ZZ')}`;
    };
    for (const w of prev) lines.push(`  previous  ${fmt(w)}`);
    for (const w of next) lines.push(`  next      ${fmt(w)}`);
    if (prev.length === 0 && next.length === 0) lines.push('  no runs found within two years');
  }
  return lines;
}
