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
});
