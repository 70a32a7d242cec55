import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArb } from './arbitraries.ts';
import { type Outcome, runCase } from './run-case.ts';
import { VARIANT_NAMES } from './subjects.ts';

// A few hundred cases per variant in CI; `pnpm --filter @attnkit/benchmarks fuzz` runs 10,000+.
const RUNS = Number(process.env.HOSTILE_FUZZ_RUNS ?? 300);

describe('fuzz: every case ends as a typed AttentionError or as output equal to the oracle', () => {
  for (const name of VARIANT_NAMES) {
    it(`${name}: ${RUNS} random cases (shapes, configs, options, biases, extreme values)`, () => {
      const counts: Record<string, number> = {};
      fc.assert(
        fc.property(caseArb(name), (c) => {
          const outcome: Outcome = runCase(c);
          const key = outcome.kind === 'typed' ? `typed ${outcome.code}` : outcome.kind;
          counts[key] = (counts[key] ?? 0) + 1;
          if (outcome.kind !== 'ok' && outcome.kind !== 'typed')
            throw new Error(`${outcome.kind}: ${outcome.detail}`);
        }),
        { numRuns: RUNS, seed: Number(process.env.HOSTILE_FUZZ_SEED ?? 20261130) },
      );
      console.log(name, JSON.stringify(counts));
      // Both kinds of ending must be exercised, or the fuzz tests nothing.
      expect(counts.ok ?? 0).toBeGreaterThan(RUNS / 10);
      expect(Object.keys(counts).some((k) => k.startsWith('typed'))).toBe(true);
    });
  }
});
