// One results object, many renderers: each is a pure function Report -> string.
import type { Report } from '../model.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';
import { renderMarkdown } from './markdown.js';

import type { Format } from './formats.js';
export { FORMATS, type Format } from './formats.js';

export interface RenderOptions {
  /** ANSI colour (text only); the CLI decides from TTY / NO_COLOR / --no-color */
  color: boolean;
}

// The HTML renderer (the largest) loads only when asked for.
export async function renderReport(report: Report, format: Format, options: RenderOptions): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'text':
      return renderText(report, options);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return (await import('./html.js')).renderHtml(report);
  }
}

export { renderJson, toJsonValue } from './json.js';
