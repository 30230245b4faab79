// Public surface of the rendering stage: the renderer registry (src/report/formats.ts) and the
// words module. Renderers take the finished Report only.
import type { Report } from '../model.js';
import { RENDERERS, type Format, type RenderOptions } from './formats.js';

export { FORMATS, RENDERERS, type Format, type RenderOptions, type Renderer } from './formats.js';
export { renderJson, renderJsonChunks, toJsonValue } from './json.js';

export async function renderReport(report: Report, format: Format, options: RenderOptions): Promise<string> {
  return (await RENDERERS[format]())(report, options);
}

/**
 * The report in pieces, to be written one after the other: JSON as a stream (a million events
 * never become one string); the other formats are bounded in size and come as one piece.
 */
export async function renderReportChunks(
  report: Report,
  format: Format,
  options: RenderOptions,
): Promise<Iterable<string | Uint8Array>> {
  if (format === 'json') return (await import('./json.js')).renderJsonChunks(report);
  return [await renderReport(report, format, options)];
}
