// The contract's JSON document (cli-contract.md, "JSON report"): instants become ISO 8601
// strings with the analysis zone's offset; every {code, args} item gets the `text` a person
// reads (from src/report/words), a recommendation its snippet; everything else is data as is.
import type { Finding, Report } from '../model.js';
import { formatInstant } from '../time/index.js';
import { sayCaveat, sayEvidence, sayMissing, sayRisk, sayVerification, snippet } from './words/index.js';

const TIME_KEYS = new Set(['time', 'start', 'end', 'first', 'last', 'mtime', 'at', 'from', 'to', 'until', 'triggerAt']);

/** The report with its words: `text` on every coded item, the recommendation's snippet. */
export function withWords(report: Report): unknown {
  const c = { zone: report.timezone };
  const finding = (f: Finding) => ({
    ...f,
    evidence: f.evidence.map((e) => ({ ...e, text: sayEvidence(e, c) })),
    recommendation: f.recommendation && {
      ...f.recommendation,
      snippet: snippet(f.recommendation),
      caveats: f.recommendation.caveats.map((x) => ({ ...x, text: sayCaveat(x, c) })),
      verify: f.recommendation.verify.map((x) => ({ ...x, text: sayVerification(x, c) })),
    },
  });
  return {
    ...report,
    findings: report.findings.map(finding),
    missingEvidence: report.missingEvidence.map((m) => ({ ...m, text: sayMissing(m, c) })),
    risks: report.risks.map((r) => ({ code: r.code, args: r.args, text: sayRisk(r), origins: r.origins })),
  };
}

export function toJsonValue(report: Report): unknown {
  const zone = report.timezone;
  const convert = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'number' && key !== null && TIME_KEYS.has(key))
      return Number.isFinite(value) ? formatInstant(value, zone) : null;
    if (Array.isArray(value)) return value.map((v) => convert(v, key === 'times' ? 'time' : null));
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
  return convert(withWords(report), null);
}

export function renderJson(report: Report): string {
  return JSON.stringify(toJsonValue(report), null, 2) + '\n';
}
