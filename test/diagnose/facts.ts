// Reading a diagnosis' facts by code in tests: the args of the item with that code.
import type { Caveat, Evidence, Finding, Missing } from '../../src/model.js';

type ArgsOf<U, C> = U extends { code: C; args: infer A } ? A : never;

export function ev<C extends Evidence['code']>(f: Finding, code: C): ArgsOf<Evidence, C> | undefined {
  return f.evidence.find((x) => x.code === code)?.args as unknown as ArgsOf<Evidence, C> | undefined;
}
export function missing<C extends Missing['code']>(
  d: { missingEvidence: Missing[] },
  code: C,
): ArgsOf<Missing, C> | undefined {
  return d.missingEvidence.find((x) => x.code === code)?.args as unknown as ArgsOf<Missing, C> | undefined;
}
export function caveat<C extends Caveat['code']>(f: Finding, code: C): ArgsOf<Caveat, C> | undefined {
  return f.recommendation?.caveats.find((x) => x.code === code)?.args as unknown as ArgsOf<Caveat, C> | undefined;
}
export const codes = (xs: readonly { code: string }[]): string[] => xs.map((x) => x.code);
