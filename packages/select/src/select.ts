/**
 * select(useCase, profile?): the configurations that meet every constraint, fastest first by
 * predicted time, and for each family with none, the constraint it breaks and by how much (its
 * nearest miss). Nothing that breaks a hard constraint is ever a candidate.
 */
import { candidateSpecs } from './candidates.ts';
import { type Evaluated, evaluate, type Predicted, type Violation } from './evaluate.ts';
import { defaultProfile } from './profile/default.ts';
import { FAMILIES, type Family, type Profile, validateProfile } from './profile/schema.ts';
import { type ResolvedUseCase, resolveUseCase, type UseCase } from './use-case.ts';

export interface Candidate {
  spec: string;
  family: Family;
  predicted: Predicted;
}

export interface Exclusion {
  family: Family;
  /** The nearest miss's spec and every constraint it breaks, with figures. */
  reason: string;
  spec: string;
  violations: Violation[];
  predicted: Predicted | null;
}

export interface Recommendation {
  useCase: ResolvedUseCase;
  /** Meeting every constraint, fastest predicted first. Empty when nothing meets the case. */
  candidates: Candidate[];
  /** One per family without a candidate. */
  excluded: Exclusion[];
  profile: { source: 'default' | 'given'; provenance: Profile['provenance'] };
}

/** Fewer hard breaks first, then the smaller worst overshoot, then the faster. */
function missScore(e: Evaluated): [number, number, number] {
  const hard = e.violations.filter((v) => v.hard).length;
  const by = Math.max(1, ...e.violations.map((v) => (Number.isFinite(v.by) ? v.by : 1e12)));
  return [hard, by, e.predicted?.ms ?? Number.POSITIVE_INFINITY];
}

const before = (a: [number, number, number], b: [number, number, number]) =>
  a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

export function select(useCase: UseCase, profile?: Profile): Recommendation {
  const u = resolveUseCase(useCase);
  const given = profile !== undefined;
  const p = given ? validateProfile(profile) : defaultProfile();
  const evaluated = candidateSpecs(u, p).map((c) => evaluate(c, u, p));
  const passing = evaluated
    .filter((e) => e.violations.length === 0 && e.predicted && e.predicted.ms !== null)
    .sort((a, b) => (a.predicted?.ms ?? 0) - (b.predicted?.ms ?? 0));
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const e of passing) {
    if (seen.has(e.spec)) continue;
    seen.add(e.spec);
    candidates.push({ spec: e.spec, family: e.family, predicted: e.predicted as Predicted });
  }
  const excluded: Exclusion[] = [];
  for (const family of FAMILIES) {
    if (candidates.some((c) => c.family === family)) continue;
    const mine = evaluated.filter((e) => e.family === family);
    if (!mine.length) continue;
    const nearest = mine.reduce((a, b) => (before(missScore(b), missScore(a)) < 0 ? b : a));
    excluded.push({
      family,
      spec: nearest.spec,
      reason: `${nearest.spec} ${nearest.violations.map((v) => v.text).join('; ')}`,
      violations: nearest.violations,
      predicted: nearest.predicted,
    });
  }
  return {
    useCase: u,
    candidates,
    excluded,
    profile: { source: given ? 'given' : 'default', provenance: p.provenance },
  };
}
