// The registered sources, in the order they run: each names what it needs (see registry.ts).
// Access logs and scheduler logs join here as modules of their own.
import { apacheConfigSource } from './apache-config.js';
import { errorLogsSource, logPlanSource } from './error-logs.js';
import { logrotateSource } from './logrotate.js';
import type { AnySource } from './registry.js';
import { rotationsSource } from './rotations.js';
import { scheduleSource } from './schedule.js';
import { schedulerLogsSource } from './scheduler-logs.js';

export const SOURCES: readonly AnySource[] = [
  logPlanSource,
  logrotateSource,
  scheduleSource,
  apacheConfigSource,
  errorLogsSource,
  schedulerLogsSource,
  rotationsSource,
];

export { runSources, type Sources } from './registry.js';
export { collectSchedule, loadSchedule } from './schedule.js';
