// The renderer registry: each report format named once, with its renderer loaded on demand (so
// that option parsing does not load them). One results object, many renderers: each a pure
// function Report -> string; adding a format is one line here and its renderer file.
import type { Report } from '../model.js';

export interface RenderOptions {
  /** ANSI colour (text only); the CLI decides from TTY / NO_COLOR / --no-color */
  color: boolean;
  /** columns to wrap the text report to (the CLI: COLUMNS, else the terminal's, else 100) */
  width?: number;
}
export type Renderer = (report: Report, options: RenderOptions) => string;

export const RENDERERS = {
  text: async (): Promise<Renderer> => (await import('./text.js')).renderText,
  json: async (): Promise<Renderer> => (await import('./json.js')).renderJson,
  markdown: async (): Promise<Renderer> => (await import('./markdown.js')).renderMarkdown,
  html: async (): Promise<Renderer> => (await import('./html.js')).renderHtml,
  prometheus: async (): Promise<Renderer> => (await import('./prometheus.js')).renderPrometheus,
} satisfies Record<string, () => Promise<Renderer>>;

export type Format = keyof typeof RENDERERS;
export const FORMATS = Object.keys(RENDERERS) as Format[];
