// Public surface of the schedule stage: when logrotate ran (or was scheduled to run), as
// RotationWindows. Inputs are texts and listings handed over by discovery/cli; nothing here
// reads files or executes anything.
export { parseCalendar, calendarElapses, type CalendarSpec } from './calendar.js';
export { parseCron, cronRuns, CRON_MACROS, type CronSpec, type CronFlavor } from './cron.js';
export {
  parseCrontab,
  crontabKindForPath,
  classifyCommand,
  findInRunParts,
  type Crontab,
  type CrontabEntry,
  type CrontabKind,
  type RunPartsDir,
  type Guard,
} from './crontab.js';
export { parseAnacrontab, looksLikeAnacrontab, type Anacrontab, type AnacronJob } from './anacron.js';
export { parseTimerUnit, parseTimespan, type TimerUnit } from './timer.js';
export {
  parseScheduleOption,
  collectSources,
  CRON_START_MS,
  RUN_PARTS_MS,
  type ScheduleSourceDef,
  type ScheduleFiles,
  type CollectedSchedules,
  type Trigger,
} from './sources.js';
export {
  expandWindows,
  triggerStarts,
  catchUpWindows,
  CATCH_UP_MS,
  MAX_RUNS_PER_SOURCE,
  type CappedSource,
  type Span,
  type Boot,
} from './expand.js';
export { parseSchedulerLog, parseListTimers, type LoggedRun, type LoggedRunKind, type SchedulerLog } from './runlog.js';
export { compareRuns, OBSERVED_SLACK_MS, type RunComparison } from './observed.js';
export {
  narrowWindows,
  frequencyFromText,
  MTIME_SLACK_MS,
  LOGGED_RUN_MS,
  type RotationEvidence,
  type Frequency,
} from './narrow.js';
export { inferHostFacts, type HostProbe } from './host.js';
export { evidenceFromLogrotate, type LogrotateFacts, type SiblingObservation } from './evidence.js';
export { DISTRO_DEFAULTS, defaultSchedule, findDistroDefault, type DistroDefault } from './defaults.js';
export { describeSource, explainSchedule } from './explain.js';
