// One results object, many renderers: each is a pure function Report -> string.
import type { Report } from '../model.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';
import { renderMarkdown } from './markdown.js';
import { renderHtml } from './html.js';

import type { Format } from './formats.js';
export { FORMATS, type Format } from './formats.js';

export interface RenderOptions {
  /** ANSI colour (text only); the CLI decides from TTY / NO_COLOR / --no-color */
  color: boolean;
}

export function renderReport(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'text':
      return renderText(report, options);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}

export { renderJson, toJsonValue } from './json.js';
