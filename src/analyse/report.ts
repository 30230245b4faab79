// Assembles the one results object that every renderer takes (src/report), once, from
// everything the analysis produced.
import type { ApacheConfigFacts, ParsedLogs, RelatedKind, Report } from '../model.js';
import type { Diagnosis } from '../diagnose/index.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export interface ReportParts {
  parsed: ParsedLogs;
  zone: string;
  warnings?: string[];
  /** what the schedule, config and diagnosis stages found (absent: a parse-only report) */
  analysis?: {
    rotations: NonNullable<Report['rotations']>;
    schedule: NonNullable<Report['schedule']>;
    apacheConfig: ApacheConfigFacts | null;
    diagnosis: Diagnosis;
    /** what the sources missed, worded by them */
    missing: string[];
  };
}

/** The diagnosis words the schedule/config gaps itself; the sources' notes are kept only where it is silent. */
function mergeMissing(fromDiagnosis: string[], fromSources: string[]): string[] {
  const covered = (m: string) =>
    fromDiagnosis.some(
      (d) =>
        d === m ||
        (/schedule/i.test(m) && /schedule/i.test(d)) ||
        (/logrotate config/i.test(m) && /logrotate config/i.test(d)),
    );
  return [...fromDiagnosis, ...fromSources.filter((m) => !covered(m))];
}

export function buildReport(parts: ReportParts): Report {
  const { parsed, zone } = parts;
  const related: Partial<Record<RelatedKind, number>> = {};
  for (const r of parsed.related) related[r.kind] = (related[r.kind] ?? 0) + 1;
  let w116 = 0;
  let w117 = 0;
  for (const e of parsed.events) {
    if (e.code === 'WSGI0116') w116++;
    else w117++;
  }
  const warnings = [...(parts.warnings ?? []), ...(parsed.notes ?? [])];
  const unparsedTotal = parsed.inputs.reduce((a, i) => a + i.unparsed, 0);
  if (parsed.inputs.length > 0 && parsed.inputs.every((i) => i.lines > 0 && i.first === null)) {
    warnings.push(
      'no line in the input looks like an Apache error log record (is this the error log, not the access log?)',
    );
  }
  void unparsedTotal;
  const a = parts.analysis;
  const dx = a?.diagnosis;
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    timezone: zone,
    window: parsed.window,
    inputs: parsed.inputs,
    summary: {
      WSGI0116: w116,
      WSGI0117: w117,
      restarts: parsed.restarts.filter((r) => r.kind === 'graceful' || r.kind === 'restart').length,
      related,
      ...(dx ? { bursts: dx.bursts.length } : {}),
    },
    events: parsed.events,
    related: parsed.related,
    restarts: parsed.restarts,
    banners: parsed.banners,
    warnings,
    ...(a && dx
      ? {
          rotations: a.rotations,
          schedule: a.schedule,
          apacheConfig: a.apacheConfig,
          bursts: dx.bursts,
          findings: dx.findings,
          verdict: dx.verdict,
          missingEvidence: mergeMissing(dx.missingEvidence, a.missing),
          statistics: dx.statistics,
          recurrence: dx.recurrence,
        }
      : {}),
  };
}
