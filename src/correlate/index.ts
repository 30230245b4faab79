// Public surface of the correlation stage: bursts, triggers, attribution, statistics, recurrence.
export {
  DEFAULT_BURST_GAP_SECONDS,
  asConnectErrors,
  burstRanges,
  eventsOf,
  findBursts,
  lowerBoundByTime,
  spanOverBursts,
  timedInOrder,
} from './bursts.js';
export {
  collectTriggers,
  DEFAULT_IMMEDIATE_WINDOW_SECONDS,
  failureWindow,
  HTTPD_DEFAULT_KEEPALIVE_TIMEOUT,
  MODWSGI_DEFAULT_CONNECT_TIMEOUT,
  type FailureWindow,
  type Trigger,
} from './triggers.js';
export { attributeBursts, windowSecondsFor, type Attribution } from './attribute.js';
export {
  alignmentStatistics,
  binomialTail,
  confidenceFrom,
  mulberry32,
  PERMUTATION_SEED,
  PERMUTATION_SHIFTS,
  type AlignmentStatistics,
} from './statistics.js';
export { findRecurrence, RECURRENCE_MAX_WIDTH_SECONDS, type RecurrenceOptions } from './recurrence.js';
