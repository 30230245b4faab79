// What every source of the analysis stage is given: the options, what --root discovery found,
// the one file-system interface every read goes through, the analysis zone and window, and
// the lists where sources note warnings and missing evidence.
import type { Instant, Missing } from '../model.js';
import type { Discovered } from '../discovery/index.js';
import type { FsLike } from '../fs/index.js';
import type { ReadProgress } from '../inputs/index.js';

/** What the analysis is doing, for a progress display (the CLI's, on a terminal). */
export interface AnalysisProgress {
  step: 'discover' | 'configs' | 'logs' | 'diagnose';
  /** while reading the logs: files and bytes */
  read: ReadProgress | null;
}

export interface AnalysisOptions {
  logs: string[];
  root?: string;
  logrotate: string[];
  schedule: string[];
  cron: string[];
  timer: string[];
  apacheConfig?: string;
  /** --access-log: paths or globs (rotated siblings too unless rotated is false) */
  accessLogs?: string[];
  /** --scheduler-log: cron logs, syslog, journal exports, logrotate output */
  schedulerLogs?: string[];
  tz?: string;
  since?: string;
  until?: string;
  burstGapSeconds?: number;
  rotated: boolean;
  stdin: NodeJS.ReadableStream;
  now: Instant;
  onProgress?: (p: AnalysisProgress) => void;
}

export interface Context {
  options: AnalysisOptions;
  discovered: Discovered | null;
  /** under --root the bundle's rooted tree (src/fs): every read of its files goes through it */
  fs: FsLike;
  zone: string;
  since: Instant | null;
  until: Instant | null;
  warnings: string[];
  missing: Missing[];
}
