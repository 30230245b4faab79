// Assembles the one results object that every renderer takes (src/report).
import type { ParsedLogs, RelatedKind, Report } from '../model.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export interface ReportParts {
  parsed: ParsedLogs;
  zone: string;
  warnings?: string[];
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
    },
    events: parsed.events,
    related: parsed.related,
    restarts: parsed.restarts,
    banners: parsed.banners,
    warnings,
  };
}
