// A finding kind's rule: one module per kind under src/diagnose/rules/, registered in
// rules/index.ts. Its input is declared by RuleContext (the bursts the classification gave
// this kind, and the facts around them); it returns the finding's evidence, confidence and
// recommendation as data. Adding a kind = one rule file + its words (src/report/words) + its test.
import type { Evidence, FindingKind, Recommendation } from '../../model.js';
import type { RuleContext } from '../context.js';
import type { AdviceContext } from '../kinds.js';

export interface Rule {
  kind: FindingKind;
  /** lower first among findings that explain as many errors with the same confidence */
  rank: number;
  evidence(idx: number[], c: RuleContext): Evidence[];
  confidence(idx: number[], c: RuleContext): number;
  advice(ctx: AdviceContext): Recommendation | null;
}
