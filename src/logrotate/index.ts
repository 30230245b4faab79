// Public surface of the logrotate stage: read configs, find the stanza for a log, say what
// its rotation does to Apache, read state files, and name the rotated siblings.
export type {
  ConfigWarning,
  CreateSpec,
  Frequency,
  FrequencyKind,
  LogrotateConfig,
  LogrotateOptions,
  Script,
  ScriptKind,
  Stanza,
  StanzaMatch,
} from './types.js';
export type { LoadOptions } from './parse.js';
export { loadLogrotateConfig, parseLogrotateText, builtinDefaults, DEFAULT_TABOO_EXTS } from './parse.js';
export { globMatch, fnmatchName } from './glob.js';
export type { FindOptions } from './match.js';
export { findStanza, stanzaAction, toLogrotateSummary, frequencyText } from './match.js';
export type { ScriptClass } from './classify.js';
export { classifyScript } from './classify.js';
export type { StateTime, DebugCapture } from './state.js';
export { parseStateFile, parseLogrotateDebug } from './state.js';
export type { SiblingSpec, SiblingName, NameDate } from './siblings.js';
export { expectedSiblings } from './siblings.js';
