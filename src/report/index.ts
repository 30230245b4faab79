// Public surface of the rendering stage: the renderer registry (src/report/formats.ts) and the
// words module. Renderers take the finished Report only.
import type { Report } from '../model.js';
import { RENDERERS, type Format, type RenderOptions } from './formats.js';

export { FORMATS, RENDERERS, type Format, type RenderOptions, type Renderer } from './formats.js';
export { renderJson, toJsonValue } from './json.js';

export async function renderReport(report: Report, format: Format, options: RenderOptions): Promise<string> {
  return (await RENDERERS[format]())(report, options);
}
