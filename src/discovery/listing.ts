// sos's `ls -alZRs /var/log` capture (sos_commands/logs/ls_-alZRs_.var.log, logs plugin): the
// names, sizes and modification times of every file under /var/log, including the rotated
// Apache logs that sos did not copy (by default it collects only the current files). A rotated
// sibling's name and mtime are evidence of when logrotate ran even when its text is missing.
//
// Format (GNU coreutils ls -a -l -Z -R -s): a "<dir>:" line opens each directory, then "total N",
// then one line per entry: blocks, mode, links, owner, group, SELinux context (or "?"), size,
// date, name. The date is "Mon dd HH:MM" for files changed within six months of the listing
// and "Mon dd  yyyy" otherwise (coreutils ls.c, long_time_format), in the host's local time.
import type { Instant } from '../model.js';
import { LocalClock } from '../time/index.js';

export interface ListedFile {
  /** the path on the host */
  hostPath: string;
  size: number;
  /** the listed modification time (minute precision); null for the day-only "Mon dd yyyy" form or when the year cannot be known */
  mtime: Instant | null;
  /** the date as ls printed it */
  mtimeText: string;
  /** listing file:line */
  origin: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// blocks, mode, links, owner, group, [context], size, month, day, time-or-year, name
const ENTRY =
  /^\s*\d+\s+-[rwxsStT-]{9}[.+]?\s+\d+\s+\S+\s+\S+\s+(?:(?!\d+\s)\S+\s+)?(\d+)\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{1,2}:\d{2}|\d{4})\s(.+)$/;

/**
 * Regular files listed under `dirs` whose name passes `keep`. `capturedAt` (the host's local
 * date of the capture, e.g. from timedatectl's "Local time:") gives the year of "HH:MM" dates:
 * ls prints those for the six months before the listing, so a date later than the capture
 * belongs to the year before.
 */
export function parseLsListing(
  text: string,
  file: string,
  zone: string,
  capturedAt: { y: number; m: number; d: number } | null,
  dirs: string[],
  keep: (name: string) => boolean,
): ListedFile[] {
  const clock = new LocalClock(zone);
  const out: ListedFile[] = [];
  let dir: string | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const d = /^(\/.*):$/.exec(line);
    if (d) {
      dir = d[1]!.replace(/\/+$/, '');
      continue;
    }
    if (dir === null || !dirs.some((x) => dir === x || dir!.startsWith(x + '/'))) continue;
    const m = ENTRY.exec(line);
    if (!m) continue;
    const name = m[5]!;
    if (!keep(name)) continue;
    const month = MONTHS.indexOf(m[2]!) + 1;
    const day = Number(m[3]);
    let mtime: Instant | null = null;
    if (month > 0) {
      if (m[4]!.includes(':')) {
        const [hh, mm] = m[4]!.split(':').map(Number) as [number, number];
        if (capturedAt) {
          const later = month > capturedAt.m || (month === capturedAt.m && day > capturedAt.d);
          mtime = clock.toInstant(later ? capturedAt.y - 1 : capturedAt.y, month, day, hh, mm, 0, 0);
        }
      }
      // "Mon dd yyyy" names only a day: no instant (mtimeText keeps it)
      if (mtime !== null && Number.isNaN(mtime)) mtime = null;
    }
    out.push({
      hostPath: `${dir}/${name}`,
      size: Number(m[1]),
      mtime,
      mtimeText: `${m[2]} ${m[3]} ${m[4]}`,
      origin: `${file}:${i + 1}`,
    });
  }
  return out;
}
