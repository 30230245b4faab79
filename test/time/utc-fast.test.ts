// The UTC fast paths of src/time (Date arithmetic instead of luxon for zone 'UTC') give exactly
// what luxon gives, over instants across the years 1970–9999 and the edges of a day.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatInstant, formatLocal, localDay, localDaysBetween, secondsOfDay } from '../../src/time/index.js';
import { mulberry32 } from '../../src/correlate/statistics.js';

const rand = mulberry32(17);
const MAX = 253_402_300_799_999;
const instants = [
  0,
  1,
  999,
  86_399_999,
  86_400_000,
  Date.UTC(2024, 1, 29, 23, 59, 59, 999),
  Date.UTC(2026, 7, 1, 0, 0, 0, 151),
  MAX,
  ...Array.from({ length: 2000 }, () => Math.floor(rand() * MAX)),
  ...Array.from({ length: 2000 }, () => Date.UTC(2020, 0, 1) + Math.floor(rand() * 10 * 365 * 86_400_000)),
  // microsecond stamps: a fraction of a millisecond
  Date.UTC(2026, 10, 13, 20, 59, 55, 333) + 0.065,
  86_399_999.999,
  ...Array.from(
    { length: 2000 },
    () => Date.UTC(2020, 0, 1) + Math.floor(rand() * 3e11) + Math.floor(rand() * 1000) / 1000,
  ),
];

describe("zone 'UTC' without luxon", () => {
  it('formats instants, wall-clock text, days and seconds of day as luxon does', () => {
    for (const t of instants) {
      const d = DateTime.fromMillis(t, { zone: 'UTC' });
      expect(formatInstant(t, 'UTC')).toBe(d.toISO({ suppressMilliseconds: false, includeOffset: true }));
      expect(formatLocal(t, 'UTC')).toBe(d.toFormat('yyyy-LL-dd HH:mm:ss'));
      expect(localDay(t, 'UTC')).toBe(d.toFormat('yyyy-LL-dd'));
      expect(secondsOfDay(t, 'UTC')).toBe(d.hour * 3600 + d.minute * 60 + d.second + d.millisecond / 1000);
    }
  });

  it('lists the calendar days of a span as luxon does', () => {
    for (let k = 0; k < 300; k++) {
      const a = Date.UTC(2025, 0, 1) + rand() * 400 * 86_400_000;
      const b = a + Math.floor(rand() * (k % 3 === 0 ? 86_400_000 : 40 * 86_400_000));
      const days: string[] = [];
      const last = DateTime.fromMillis(b, { zone: 'UTC' }).toFormat('yyyy-LL-dd');
      for (let d = DateTime.fromMillis(a, { zone: 'UTC' }).startOf('day'); ; d = d.plus({ days: 1 })) {
        days.push(d.toFormat('yyyy-LL-dd'));
        if (days.at(-1)! >= last) break;
      }
      expect(localDaysBetween(a, b, 'UTC')).toEqual(days);
    }
  });
});
