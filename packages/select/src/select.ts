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

/** A configuration that meets every constraint, with its predictions. */
export interface Candidate {
  /** The spec string to build it with. */
  spec: string;
  /** Its family. */
  family: Family;
  /** Predicted time, peak memory and quality. */
  predicted: Predicted;
}

/** A family with no configuration that meets the case, and why, shown through its nearest miss. */
export interface Exclusion {
  /** The family left out. */
  family: Family;
  /** The nearest miss's spec and every constraint it breaks, with figures. */
  reason: string;
  /** The nearest miss. */
  spec: string;
  /** Every constraint the nearest miss breaks. */
  violations: Violation[];
  /** Its predictions, or null when it could not be built for the case. */
  predicted: Predicted | null;
}

/** What `select` returns: the ranked candidates, the families left out, and the profile used. */
export interface Recommendation {
  /** The use case with its defaults filled in. */
  useCase: ResolvedUseCase;
  /** Meeting every constraint, fastest predicted first. Empty when nothing meets the case. */
  candidates: Candidate[];
  /** One per family without a candidate. */
  excluded: Exclusion[];
  /** Which profile the predictions come from: the shipped default or the caller's. */
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

/**
 * Ranks the configurations that meet a use case by predicted time (fastest first), from `profile`
 * or the shipped default. Never ranks a configuration that breaks exactness, memory or a needed
 * distance; an empty `candidates` means nothing meets the case, and `excluded` says why.
 */
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
