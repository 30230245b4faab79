// PLACEHOLDER owned by the report work (issue 4): replaced by the real markdown renderer.
import type { Report } from '../model.js';
import { InputError } from '../errors.js';

export function renderMarkdown(_report: Report): string {
  throw new InputError('--format markdown is not available yet');
}
