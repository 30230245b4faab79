// rotation-restart: errors right after graceful restarts / logrotate runs, with rotating socket
// paths (cli-contract.md, "Finding kinds"): WSGISocketRotation Off, with its caveats.
import type { Caveat, Recommendation } from '../../model.js';
import { layout, verifyRotationOff, versionCaveat, type AdviceContext } from '../kinds.js';
import { restartConfidence, restartEvidence } from './restart-aligned.js';
import type { Rule } from './rule.js';

const none = {} as Record<string, never>;

function rotationRestartAdvice(ctx: AdviceContext): Recommendation {
  const mpm = ctx.mpm.mpm;
  const caveats: Caveat[] = [versionCaveat(ctx.version)];
  // quote the wording this mod_wsgi writes (6.x: WSGI0034 / WSGI0146)
  const sixX = /^6/.test(ctx.version.version ?? '') || ctx.version.basis?.via === 'message-code';
  if (mpm === 'prefork' || mpm === 'worker')
    caveats.push({ code: 'prefork-off-origin-check', args: { mpm, basis: ctx.mpm.basis, sixX } });
  else if (mpm === 'event') caveats.push({ code: 'event-off', args: { basis: ctx.mpm.basis } });
  else caveats.push({ code: 'mpm-unknown-off', args: none });
  caveats.push({ code: 'off-trade-off', args: none }, { code: 'off-not-for-other-causes', args: none });
  return {
    code: 'socket-rotation-off',
    args: {
      upgradeFirst: ctx.version.supportsSocketRotation === false,
      version: ctx.version.version,
      layout: layout(ctx),
    },
    directive: 'WSGISocketRotation Off',
    context: 'server config',
    caveats,
    verify: [verifyRotationOff(ctx, sixX)],
  };
}

export const rule: Rule = {
  kind: 'rotation-restart',
  rank: 0,
  evidence: (idx, c) => restartEvidence('rotation-restart', idx, c),
  confidence: restartConfidence,
  advice: rotationRestartAdvice,
};
