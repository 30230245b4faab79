// PLACEHOLDER owned by the HTML work (issue 6): replaced by the real renderer.
import type { Report } from '../model.js';
import { InputError } from '../errors.js';

export function renderHtml(_report: Report): string {
  throw new InputError('--format html is not available yet');
}
