// The rule registry (src/diagnose/rules/): one rule per finding kind, each registered once.
import { describe, expect, it } from 'vitest';
import { RULES, RULE_BY_KIND } from '../../src/diagnose/index.js';

describe('rules', () => {
  it('one rule per finding kind, ranks distinct', () => {
    const kinds = RULES.map((r) => r.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds.sort()).toEqual(Object.keys(RULE_BY_KIND).sort());
    expect(new Set(RULES.map((r) => r.rank)).size).toBe(RULES.length);
    expect(kinds).toContain('fix-not-in-effect');
  });
  it('fix-not-in-effect is reserved: no evidence and no recommendation until its rule lands', () => {
    const r = RULE_BY_KIND['fix-not-in-effect'];
    expect(r.evidence([], {} as never)).toEqual([]);
    expect(r.advice({} as never)).toBeNull();
  });
});
