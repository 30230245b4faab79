// Public surface of the analysis stage: the sources in, one finished Report out.
export { analyse, scheduleAround, type AnalysisOptions, type AnalysisProgress } from './analyse.js';
export { buildReport, type ReportParts } from './report.js';
export { TOOL_NAME, TOOL_VERSION } from './version.js';
