// PLACEHOLDER owned by the report work (issue 4): replaced by the real text renderer.
import type { Report } from '../model.js';
import type { RenderOptions } from './index.js';

export function renderText(report: Report, _options: RenderOptions): string {
  return `WSGI0116: ${report.summary.WSGI0116}\nWSGI0117: ${report.summary.WSGI0117}\nrestarts: ${report.summary.restarts}\n`;
}
