// Public surface of the Apache error-log stage: the record parser (timestamps, fields, where
// records start inside a text), the lifecycle markers and what the reader makes of them.
export {
  MONTHS,
  parseRecord,
  parseFields,
  parseTimestamp,
  looksLikeRecordStart,
  findRecordStarts,
  type ApacheRecord,
  type ApacheFields,
  type LocalTimestamp,
} from './record.js';
export {
  LIFECYCLE_MARKERS,
  matchLifecycle,
  parseDescription,
  mpmFromModule,
  type LifecycleMarker,
} from './lifecycle.js';
export { consolidateRestarts, markerOf, readLifecycle } from './restarts.js';
