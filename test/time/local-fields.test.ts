// LocalFields (the bulk path of src/time) must agree with the luxon-per-call helpers, including
// around DST switches and in zones with half-hour and 45-minute offsets.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { LocalFields, formatLocal, localDay, secondsOfDay, utcOffsetChanges } from '../../src/time/index.js';

describe.each(['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'])('%s', (zone) => {
  it('agrees with luxon through 2026: coarse steps, and every 61 s within 2 h of each offset change', () => {
    const f = new LocalFields(zone);
    const start = DateTime.fromISO('2026-01-01T00:00', { zone: 'UTC' }).toMillis();
    const end = start + 365 * 86_400_000;
    const times: number[] = [];
    for (let t = start; t < end; t += 4_033_000) times.push(t);
    const changes = utcOffsetChanges(start, end, zone).slice(1);
    if (zone === 'Europe/Berlin') expect(changes).toHaveLength(2);
    for (const c of changes) for (let t = c.t - 7_200_000; t < c.t + 7_200_000; t += 61_000) times.push(t);
    const mismatches = times.filter(
      (t) =>
        f.day(t) !== localDay(t, zone) ||
        f.secondsOfDay(t) !== secondsOfDay(t, zone) ||
        f.minute(t) !== formatLocal(t, zone, 'yyyy-LL-dd HH:mm'),
    );
    expect(mismatches).toEqual([]);
  });
});
