// Builds RotationEvidence from what the logrotate stage reports (effective stanza options,
// the state-file entry, the parsed names of rotated siblings) and what the input stage saw
// (sibling mtimes), so the CLI does not have to know the narrowing rules.
import type { LogrotateOptions, SiblingName, SiblingSpec, StateTime } from '../logrotate/index.js';
import type { Instant } from '../model.js';
import { formatLocal, LocalClock } from '../time/index.js';
import type { Frequency, RotationEvidence } from './narrow.js';

export interface SiblingObservation {
  /** file name, e.g. error_log-20261115 or error.log.1 */
  name: string;
  /** where it was seen (path) */
  origin: string;
  /** what the logrotate stage's SiblingSpec.parse() made of the name */
  parsed: SiblingName | null;
  /** modification time when the input preserved it */
  mtime: Instant | null;
}

export interface LogrotateFacts {
  options: LogrotateOptions | null;
  state: { time: StateTime; origin: string; capturedAt?: Instant | null } | null;
  siblings: SiblingObservation[];
  dateMeans?: SiblingSpec['dateMeans'];
}

function frequency(o: LogrotateOptions | null): Frequency | null {
  if (o?.criterion === 'minutes' && o.minutes != null) return { kind: 'minutes', minutes: o.minutes };
  const f = o?.frequency;
  if (!f) return null;
  switch (f.kind) {
    case 'weekly':
      return { kind: 'weekly', weekday: f.weekday ?? 0 };
    case 'monthly':
      return { kind: 'monthly', day: f.monthday ?? 0 };
    default:
      return { kind: f.kind };
  }
}

export function evidenceFromLogrotate(facts: LogrotateFacts, zone: string): RotationEvidence {
  const o = facts.options;
  const clock = new LocalClock(zone);
  let sizeBased: RotationEvidence['sizeBased'] = null;
  if (o?.criterion === 'size') sizeBased = { directive: 'size', bytes: o.size ?? 1048576 };
  else if (o?.minsize != null) sizeBased = { directive: 'minsize', bytes: o.minsize };
  else if (o?.maxsize != null) sizeBased = { directive: 'maxsize', bytes: o.maxsize };

  const datedSiblings: RotationEvidence['datedSiblings'] = [];
  let stateEntry: RotationEvidence['stateEntry'] = null;
  const st = facts.state;
  // logrotate writes year 1900 for "never rotated" (readState); a date-only (old format) entry
  // names a day, which is what a dated sibling says too.
  if (st && st.time.y > 1970) {
    if (st.time.dateOnly)
      datedSiblings.push({
        name: 'state file entry (date only)',
        date: `${st.time.y}-${String(st.time.m).padStart(2, '0')}-${String(st.time.d).padStart(2, '0')}`,
        origin: `${st.origin}:${st.time.line}`,
      });
    else
      stateEntry = {
        time: clock.toInstant(st.time.y, st.time.m, st.time.d, st.time.h, st.time.mi, st.time.s, 0),
        origin: `${st.origin}:${st.time.line}`,
        capturedAt: st.capturedAt ?? null,
      };
  }

  const siblingMtimes: RotationEvidence['siblingMtimes'] = [];
  for (const s of facts.siblings) {
    const d = s.parsed?.date;
    if (d) {
      let t: Instant;
      if (d.epochSeconds !== null) t = d.epochSeconds * 1000;
      else t = clock.toInstant(d.y, d.m, d.d, d.h ?? 12, d.mi ?? 0, d.s ?? 0, 0);
      // dateyesterday names the day before the run; datehourago the hour before.
      if (facts.dateMeans?.startsWith('day before')) t += 86400e3;
      if (facts.dateMeans?.startsWith('hour before')) t += 3600e3;
      const hourly = d.h !== null || d.epochSeconds !== null;
      datedSiblings.push({
        name: s.name,
        date: formatLocal(t, zone, hourly ? 'yyyy-LL-dd HH' : 'yyyy-LL-dd'),
        origin: s.origin,
      });
    }
    // Only uncompressed files keep the mtime of their last write (the reload notice Apache
    // writes into the renamed file); a compressed copy is written later, at compression time.
    if (s.mtime !== null && s.parsed !== null && s.parsed.compressed === null)
      siblingMtimes.push({ name: s.name, mtime: s.mtime, origin: `mtime of ${s.origin}` });
  }
  return {
    frequency: frequency(o),
    sizeBased,
    notifempty: o ? !o.ifempty : false,
    stateEntry,
    datedSiblings,
    siblingMtimes,
  };
}
