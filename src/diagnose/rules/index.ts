// The registered rules, one per finding kind (src/diagnose/rules/<kind>.ts).
import type { FindingKind } from '../../model.js';
import { rule as backlogOverload } from './backlog-overload.js';
import { rule as daemonDown } from './daemon-down.js';
import { rule as fixNotInEffect } from './fix-not-in-effect.js';
import { rule as inconclusive } from './inconclusive.js';
import { rule as rotationAlreadyOff } from './rotation-already-off.js';
import { rule as rotationRestart } from './rotation-restart.js';
import type { Rule } from './rule.js';
import { rule as socketPermission } from './socket-permission.js';

export type { Rule } from './rule.js';

export const RULES: readonly Rule[] = [
  rotationRestart,
  fixNotInEffect,
  rotationAlreadyOff,
  socketPermission,
  daemonDown,
  backlogOverload,
  inconclusive,
];

/** The rule for each kind (a kind without a rule does not compile). */
export const RULE_BY_KIND = Object.fromEntries(RULES.map((r) => [r.kind, r])) as Record<FindingKind, Rule>;
