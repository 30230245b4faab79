// Assembles the one results object that every renderer takes (src/report), once, from the
// stages' results: schemaVersion 2 of the contract.
import type {
  AccessLogSummary,
  ApacheConfigFacts,
  BurstImpact,
  Burst,
  ChangePoint,
  Finding,
  HostSummary,
  Missing,
  ObservedRun,
  ParsedLogs,
  Recurrence,
  RelatedKind,
  Report,
  Risk,
  RotationWindow,
  Statistics,
  Verdict,
} from '../model.js';
import { SCHEMA_VERSION } from '../model.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

/** What the diagnosis stage hands on (src/diagnose Diagnosis, structurally). */
export interface DiagnosisParts {
  bursts: Burst[];
  findings: Finding[];
  verdict: Verdict;
  missingEvidence: Missing[];
  statistics: Statistics | null;
  recurrence: Recurrence | null;
  inferredRestarts: string[];
  /** per host, each diagnosed on its own (absent: one entry per host with the overall verdict) */
  hosts?: HostSummary[];
  /** bursts[i]'s host */
  burstHosts?: string[];
  changes?: ChangePoint[];
}

export interface ReportParts {
  parsed: ParsedLogs;
  zone: string;
  warnings?: string[];
  rotations?: RotationWindow[];
  schedule?: Report['schedule'];
  apacheConfig?: ApacheConfigFacts | null;
  /** absent: only the logs were read (tests of the renderers at the parse stage) */
  diagnosis?: DiagnosisParts;
  /** per burst (same order as the diagnosis's bursts) what the access log says, and what was read */
  access?: { impacts: (BurstImpact | null)[]; summary: AccessLogSummary | null };
  /** runs the scheduler's own logs show (--scheduler-log, --root captures) */
  observedRuns?: ObservedRun[];
  /** what the pipeline itself found missing; de-duplicated against the diagnosis by code (+args) */
  missing?: Missing[];
  /** what the configuration predicts (src/diagnose/risks.ts) */
  risks?: Risk[];
}

/** A pipeline item the diagnosis already says, in the same or a broader code. */
const COVERED_BY: Partial<Record<Missing['code'], Missing['code'][]>> = {
  'no-logrotate-config': ['no-logrotate-config-or-schedule'],
  'no-logrotate-schedule': ['no-logrotate-config-or-schedule'],
};

export function mergeMissing(own: Missing[], extra: Missing[]): Missing[] {
  const key = (m: Missing) => `${m.code}|${JSON.stringify(m.args)}`;
  const out = [...own];
  const seen = new Set(own.map(key));
  const codes = new Set(own.map((m) => m.code));
  for (const m of extra) {
    if (seen.has(key(m)) || (COVERED_BY[m.code] ?? []).some((c) => codes.has(c))) continue;
    seen.add(key(m));
    out.push(m);
  }
  return out;
}

/** One entry per host the envelopes name (syslog, journald), or one entry "" when they name none. */
function hostsOf(parsed: ParsedLogs, verdict: Verdict): HostSummary[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < parsed.events.length; i++) {
    const h = parsed.events.host(i) ?? '';
    counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  if (counts.size === 0) counts.set('', 0);
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([host, events]) => ({ host, events, verdict }));
}

export function buildReport(parts: ReportParts): Report {
  const { parsed, zone } = parts;
  const related: Partial<Record<RelatedKind, number>> = {};
  for (const r of parsed.related) related[r.kind] = (related[r.kind] ?? 0) + 1;
  let w116 = 0;
  let w117 = 0;
  for (let i = 0; i < parsed.events.length; i++) {
    if (parsed.events.code(i) === 'WSGI0116') w116++;
    else w117++;
  }
  const warnings = [...(parts.warnings ?? []), ...(parsed.notes ?? [])];
  if (parsed.inputs.length > 0 && parsed.inputs.every((i) => i.lines > 0 && i.first === null)) {
    warnings.push(
      'no line in the input looks like an Apache error log record (is this the error log, not the access log?)',
    );
  }
  const dx = parts.diagnosis;
  // Never a false all-clear: without a diagnosis, errors in the log are "inconclusive".
  const verdict: Verdict = dx?.verdict ?? (parsed.events.length > 0 ? 'inconclusive' : 'no-errors');
  const inferred = new Set(dx?.inferredRestarts ?? []);
  const bursts = (dx?.bursts ?? []).map((b, k) => ({
    ...b,
    host: dx?.burstHosts?.[k] ?? '',
    impact: parts.access?.impacts[k] ?? null,
  }));
  const hosts: HostSummary[] = dx?.hosts ?? hostsOf(parsed, verdict);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    timezone: zone,
    window: parsed.window,
    inputs: parsed.inputs,
    hosts,
    summary: {
      WSGI0116: w116,
      WSGI0117: w117,
      restarts: parsed.restarts.filter((r) => r.kind === 'graceful' || r.kind === 'restart').length,
      bursts: bursts.length,
      related,
    },
    events: parsed.events,
    related: parsed.related,
    // A restart inferred from a "configured" line (its notice is not in the files read) is a
    // graceful restart, marked inferred; not the "start" that the line alone would say.
    restarts: parsed.restarts.map((r) =>
      inferred.has(`${r.file}:${r.line}`) ? { ...r, kind: 'graceful' as const, inferred: true } : r,
    ),
    banners: parsed.banners,
    rotations: parts.rotations ?? [],
    schedule: parts.schedule ?? null,
    apacheConfig: parts.apacheConfig ?? null,
    bursts,
    accessLog: parts.access?.summary ?? null,
    observedRuns: parts.observedRuns ?? [],
    changes: dx?.changes ?? [],
    findings: dx?.findings ?? [],
    verdict,
    missingEvidence: mergeMissing(dx?.missingEvidence ?? [], parts.missing ?? []),
    risks: parts.risks ?? [],
    statistics: dx?.statistics ?? null,
    recurrence: dx?.recurrence ?? null,
    warnings,
  };
}
