// The report formats, apart from the renderers so that option parsing does not load them.
export type Format = 'text' | 'json' | 'markdown' | 'html';
export const FORMATS: readonly Format[] = ['text', 'json', 'markdown', 'html'];
