// fix-not-in-effect: WSGISocketRotation Off is configured but not in force (cli-contract.md,
// "Finding kinds"). The kind is reserved here; the rule that fills it comes with a later issue,
// until then no burst is classified as this kind and the rule finds nothing.
import type { Rule } from './rule.js';

export const rule: Rule = {
  kind: 'fix-not-in-effect',
  rank: 1,
  evidence: () => [],
  confidence: () => 0.5,
  advice: () => null,
};
