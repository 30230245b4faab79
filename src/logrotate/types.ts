import type { RotationAction } from '../model.js';

export type FrequencyKind = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';

/** logrotate's time criterion; null on the options when the criterion is size (or minutes). */
export interface Frequency {
  kind: FrequencyKind;
  /** weekly [N]: 0 = Sunday (default) … 6, 7 = "every 7 days" */
  weekday?: number;
  /** monthly [D]: 0 = first run in a month (default) */
  monthday?: number;
}

export type ScriptKind = 'prerotate' | 'postrotate' | 'firstaction' | 'lastaction' | 'preremove';

export interface Script {
  kind: ScriptKind;
  /** text between the keyword and the endscript line, verbatim (as logrotate passes it to /bin/sh) */
  text: string;
  file: string;
  /** line of the keyword */
  line: number;
  endLine: number;
}

export interface CreateSpec {
  mode: string | null;
  owner: string | null;
  group: string | null;
}

/** Effective options of a stanza (defaults + globals + stanza), as logrotate's struct logInfo. */
export interface LogrotateOptions {
  /** 'size' when `size` replaced the time criterion; 'minutes' for `minutes N` */
  criterion: FrequencyKind | 'size' | 'minutes';
  frequency: Frequency | null;
  /** threshold in bytes when criterion is 'size' (built-in default 1 MiB when nothing set) */
  size: number | null;
  minutes: number | null;
  minsize: number | null;
  maxsize: number | null;
  rotate: number;
  start: number;
  maxage: number | null;
  minage: number | null;
  compress: boolean;
  delaycompress: boolean;
  compresscmd: string;
  compressext: string;
  copytruncate: boolean;
  copy: boolean;
  renamecopy: boolean;
  dateext: boolean;
  dateformat: string | null;
  dateyesterday: boolean;
  datehourago: boolean;
  olddir: string | null;
  createolddir: CreateSpec | null;
  extension: string | null;
  addextension: string | null;
  missingok: boolean;
  ifempty: boolean;
  create: CreateSpec | null;
  su: { user: string; group: string | null } | null;
  sharedscripts: boolean;
  mail: string | null;
  shred: boolean;
  ignoreduplicates: boolean;
}

export interface Stanza {
  /** "file:line" of the header's first line */
  origin: string;
  file: string;
  line: number;
  /** the words of the header after shell-like unquoting, unexpanded */
  patterns: string[];
  options: LogrotateOptions;
  /** where each option was last set ("file:line"); absent = built-in default */
  optionOrigins: Partial<Record<keyof LogrotateOptions, string>>;
  scripts: Partial<Record<ScriptKind, Script>>;
}

export interface ConfigWarning {
  message: string;
  file: string;
  line: number;
}

export interface LogrotateConfig {
  /** files read, in logrotate's order */
  files: string[];
  stanzas: Stanza[];
  /** the global defaults as they stood at the end of reading */
  globals: LogrotateOptions;
  warnings: ConfigWarning[];
}

export interface StanzaMatch {
  origin: string;
  stanza: Stanza;
  patterns: string[];
  /** the pattern that matched */
  pattern: string;
  matchedBy: 'path' | 'basename';
  options: LogrotateOptions;
  optionOrigins: Partial<Record<keyof LogrotateOptions, string>>;
  scripts: Partial<Record<ScriptKind, Script>>;
  action: RotationAction;
  actionDetail: string;
  consequences: string[];
}
