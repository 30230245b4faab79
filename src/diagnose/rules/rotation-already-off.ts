// rotation-already-off: u<uid> sockets (rotation already Off), yet errors follow restarts, or the
// new daemon's origin check rejects old children: not Off again, but the event MPM, a short
// KeepAliveTimeout, or reload-free rotation.
import type { Recommendation } from '../../model.js';
import { layout, type AdviceContext } from '../kinds.js';
import { restartConfidence, restartEvidence } from './restart-aligned.js';
import type { Rule } from './rule.js';

const none = {} as Record<string, never>;

function alreadyOffAdvice(ctx: AdviceContext): Recommendation {
  return {
    code: 'shorten-keepalive',
    args: { mpm: ctx.mpm.mpm, layout: layout(ctx) },
    directive: 'KeepAliveTimeout 2',
    context: 'server config',
    caveats: [
      { code: 'off-already-in-effect', args: none },
      { code: 'complete-cure', args: { mpm: ctx.mpm.mpm, basis: ctx.mpm.basis } },
      { code: 'short-keepalive-cost', args: none },
      { code: 'copytruncate-loses-lines', args: none },
    ],
    verify: [{ code: 'verify-already-off', args: none }],
  };
}

export const rule: Rule = {
  kind: 'rotation-already-off',
  rank: 2,
  evidence: (idx, c) => restartEvidence('rotation-already-off', idx, c),
  confidence: restartConfidence,
  advice: alreadyOffAdvice,
};
