// Used with `node --import`: every file: URL the ES module loader loads is appended to the
// file named by TRACE_LOADS (the start-up test reads which bundle chunks a run loaded).
import { register } from 'node:module';

register('./trace-loads-hooks.mjs', import.meta.url);
