// `wsgi-logdoctor fleet`: per-host JSON reports in, one table out, the hosts that need action first.
export { readFleet, needsAction, type Fleet, type FleetRow, type Skipped } from './read.js';
export { renderFleet, FLEET_FORMATS, type FleetFormat } from './render.js';
