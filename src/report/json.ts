// The contract's JSON document (cli-contract.md, "JSON report"): instants become ISO 8601
// strings with the analysis zone's offset; everything else is passed through as data.
import type { Report } from '../model.js';
import { formatInstant } from '../time/index.js';

const TIME_KEYS = new Set(['time', 'start', 'end', 'first', 'last', 'mtime']);

export function toJsonValue(report: Report): unknown {
  const zone = report.timezone;
  const convert = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'number' && key !== null && TIME_KEYS.has(key))
      return Number.isFinite(value) ? formatInstant(value, zone) : null;
    if (Array.isArray(value)) return value.map((v) => convert(v, null));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue;
        out[k] = convert(v, k);
      }
      return out;
    }
    return value;
  };
  return convert(report, null);
}

export function renderJson(report: Report): string {
  return JSON.stringify(toJsonValue(report), null, 2) + '\n';
}
