// The names logrotate gives rotated files (logrotate.c prerotateSingleLog(); logrotate.md §2),
// so the input reader can find them and the schedule stage can read rotation dates off
// dated names.
import * as path from 'node:path';
import type { LogrotateOptions } from './types.js';

export interface NameDate {
  y: number;
  m: number;
  d: number;
  h: number | null;
  mi: number | null;
  s: number | null;
  /** %s in the dateformat: the epoch seconds of the rotation */
  epochSeconds: number | null;
}

export interface SiblingName {
  name: string;
  kind: 'numbered' | 'dated';
  /** N of name.N */
  index: number | null;
  date: NameDate | null;
  /** the compression extension, e.g. ".gz", or null */
  compressed: string | null;
}

export interface SiblingSpec {
  /** the log's directory first, then the olddir when set */
  directories: string[];
  base: string;
  /** matches the names of rotated siblings (numbered and dated, with or without compression) */
  pattern: RegExp;
  /** what the date in a dated name stands for */
  dateMeans: 'rotation day' | 'day before the rotation (dateyesterday)' | 'hour before the rotation (datehourago)';
  description: string;
  parse(name: string): SiblingName | null;
}

const COMPRESSION = ['.gz', '.bz2', '.xz', '.zst', '.Z', '.zip'];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

type Field = 'y' | 'yy' | 'm' | 'd' | 'h' | 'mi' | 's' | 'epoch' | null;

/** strftime format -> regex with the captures logrotate's glob pattern allows for */
function dateRegex(fmt: string): { re: string; fields: Field[] } {
  let re = '';
  const fields: Field[] = [];
  const f = fmt.replace(/^ +/, ''); // prerotateSingleLog() skips leading spaces of dateformat
  for (let i = 0; i < f.length; i++) {
    const c = f[i]!;
    if (c !== '%' || i + 1 >= f.length) {
      re += esc(c);
      continue;
    }
    const k = f[++i]!;
    const add = (r: string, field: Field) => {
      re += `(${r})`;
      fields.push(field);
    };
    switch (k) {
      case 'Y':
        add('\\d{4}', 'y');
        break;
      case 'G':
        add('\\d{4}', null);
        break;
      case 'y':
        add('\\d{2}', 'yy');
        break;
      case 'g':
      case 'V':
      case 'U':
      case 'W':
        add('\\d{2}', null);
        break;
      case 'm':
        add('\\d{2}', 'm');
        break;
      case 'd':
        add('\\d{2}', 'd');
        break;
      case 'H':
        add('\\d{2}', 'h');
        break;
      case 'M':
        add('\\d{2}', 'mi');
        break;
      case 'S':
        add('\\d{2}', 's');
        break;
      case 'j':
        add('\\d{3}', null);
        break;
      case 'u':
      case 'w':
        add('\\d', null);
        break;
      case 's':
        add('\\d{10}', 'epoch');
        break;
      case 'z':
        add('[-+]\\d{4}', null);
        break;
      default:
        re += esc(k);
    }
  }
  return { re, fields };
}

/**
 * The rotated siblings logrotate leaves for `logPath` under `options` (null: no stanza known,
 * use the generic rule of logrotate.md §2: B.N, B.N.gz, B-YYYYMMDD[HH[MM]], each optionally
 * compressed). Numbered and default-dated names are always accepted, since a config may have
 * changed since older files were written.
 */
export function expectedSiblings(logPath: string, options: LogrotateOptions | null): SiblingSpec {
  const dir = path.posix.dirname(logPath);
  const base = path.posix.basename(logPath);
  const dirs = [dir];
  if (options?.olddir)
    dirs.push(path.posix.isAbsolute(options.olddir) ? options.olddir : path.posix.join(dir, options.olddir));
  let stem = base;
  let ext = '';
  if (options?.extension && base.endsWith(options.extension) && base !== options.extension) {
    stem = base.slice(0, -options.extension.length);
    ext = options.extension;
  }
  const addext = options?.addextension ?? '';
  const comps = [...new Set([...(options ? [options.compressext] : []), ...COMPRESSION])];
  const compRe = `(${comps.map(esc).join('|')})?`;
  const tail = `${esc(ext)}${esc(addext)}`;
  const dates: { re: string; fields: Field[] }[] = [];
  if (options?.dateext && options.dateformat) dates.push(dateRegex(options.dateformat));
  dates.push({ re: '-(\\d{4})(\\d{2})(\\d{2})(?:(\\d{2})(\\d{2})?)?', fields: ['y', 'm', 'd', 'h', 'mi'] });
  const numbered = new RegExp(`^${esc(stem)}\\.(\\d+)${tail}${compRe}$`);
  const dated = dates.map((d) => ({ re: new RegExp(`^${esc(stem)}${d.re}${tail}${compRe}$`), fields: d.fields }));
  const pattern = new RegExp(`(?:${[numbered.source, ...dated.map((d) => d.re.source)].join('|')})`);
  const dateMeans = options?.datehourago
    ? 'hour before the rotation (datehourago)'
    : options?.dateyesterday
      ? 'day before the rotation (dateyesterday)'
      : 'rotation day';
  const fmt = options?.dateext
    ? (options.dateformat ??
      (options.criterion === 'hourly' ? '-%Y%m%d%H' : options.criterion === 'minutes' ? '-%Y%m%d%H%M' : '-%Y%m%d'))
    : null;
  const description =
    `${stem}.N${ext}${addext}[${comps.join('|')}]` +
    (fmt
      ? ` and ${stem}${fmt}${ext}${addext}[compressed] (dateext; the date is the ${dateMeans})`
      : ` (and ${stem}-YYYYMMDD… dated names)`) +
    ` in ${dirs.join(' and ')}`;
  return {
    directories: dirs,
    base,
    pattern,
    dateMeans,
    description,
    parse(name: string): SiblingName | null {
      const n = numbered.exec(name);
      if (n) return { name, kind: 'numbered', index: Number(n[1]), date: null, compressed: n[2] ?? null };
      for (const d of dated) {
        const m = d.re.exec(name);
        if (!m) continue;
        const date: NameDate = { y: 0, m: 1, d: 1, h: null, mi: null, s: null, epochSeconds: null };
        d.fields.forEach((f, i) => {
          const v = m[i + 1];
          if (v === undefined || f === null) return;
          const num = Number(v);
          if (f === 'y') date.y = num;
          else if (f === 'yy') date.y = 2000 + num;
          else if (f === 'm') date.m = num;
          else if (f === 'd') date.d = num;
          else if (f === 'h') date.h = num;
          else if (f === 'mi') date.mi = num;
          else if (f === 's') date.s = num;
          else date.epochSeconds = num;
        });
        if (date.epochSeconds !== null && date.y === 0) {
          const t = new Date(date.epochSeconds * 1000);
          date.y = t.getUTCFullYear();
          date.m = t.getUTCMonth() + 1;
          date.d = t.getUTCDate();
        }
        if (date.m < 1 || date.m > 12 || date.d < 1 || date.d > 31) continue;
        const comp = m[d.fields.length + 1] ?? null;
        return { name, kind: 'dated', index: null, date: date.y ? date : null, compressed: comp };
      }
      return null;
    },
  };
}
