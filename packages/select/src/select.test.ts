import { AttentionError } from '@attnkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { createVariant } from './families.ts';
import { defaultProfile } from './profile/default.ts';
import { reachAt } from './reach.ts';
import { select } from './select.ts';
import { resolveUseCase, type UseCase } from './use-case.ts';

const profile = defaultProfile();

describe('select', () => {
  it('answers an exact 32K causal case within 1 GiB with an exact, fitting candidate', () => {
    const r = select({
      queryLength: 32768,
      causal: true,
      memoryBudget: 2 ** 30,
      quality: { exact: true },
    });
    expect(r.candidates.length).toBeGreaterThan(0);
    for (const c of r.candidates) {
      expect(c.predicted.exact).toBe(true);
      expect(c.predicted.peakBytes).toBeLessThanOrEqual(2 ** 30);
    }
    expect(r.excluded.find((e) => e.family === 'linear')?.reason).toContain('not exact');
    expect(r.profile.source).toBe('default');
  });

  it('returns no candidates and one reason per family when nothing can meet the case', () => {
    const r = select({
      queryLength: 1 << 20,
      heads: 8,
      memoryBudget: 64 * 2 ** 20,
      quality: { exact: true },
    });
    expect(r.candidates).toEqual([]);
    expect(r.excluded.map((e) => e.family).sort()).toEqual([
      'chunked',
      'full',
      'linear',
      'local-window',
      'sparse',
    ]);
    for (const e of r.excluded) expect(e.reason.length).toBeGreaterThan(10);
    expect(r.excluded.find((e) => e.family === 'chunked')?.reason).toMatch(/memory budget/);
  });

  it('names the window that cannot see the distance asked, and never ranks it', () => {
    const u = resolveUseCase({
      queryLength: 32768,
      causal: true,
      quality: { distance: 16384, recall: 0.9 },
    });
    const e = evaluate({ family: 'local-window', spec: 'local-window:window=4096' }, u, profile);
    expect(e.violations.map((v) => v.text).join()).toMatch(/cannot see distance 16384/);
    const r = select({
      queryLength: 32768,
      causal: true,
      quality: { distance: 16384, recall: 0.9 },
    });
    expect(r.candidates.map((c) => c.spec)).not.toContain('local-window:window=4096');
  });

  it('refuses a bad use case with a typed error naming the field', () => {
    expect(() => select({ queryLength: 0 })).toThrow(AttentionError);
    expect(() => select({ queryLength: 64, heads: 6, kvHeads: 4 })).toThrow(/useCase.kvHeads/);
    expect(() => select({ queryLength: 64, quality: { maxError: -1 } })).toThrow(
      /quality.maxError/,
    );
    expect(() => select({ queryLength: 64, bogus: 1 } as unknown as UseCase)).toThrow(
      /useCase.bogus/,
    );
  });

  it('never recommends what breaks exactness, memory, distance or a capability (property)', () => {
    const useCase = fc.record({
      queryLength: fc.constantFrom(512, 2048, 8192, 65536),
      heads: fc.constantFrom(1, 4),
      causal: fc.boolean(),
      mode: fc.constantFrom('prefill', 'decode', 'both'),
      memoryBudget: fc.constantFrom(64, 256, 1024, 8192).map((mb) => mb * 2 ** 20),
      quality: fc.oneof(
        fc.constant({ exact: true as const }),
        fc.record({ maxError: fc.constantFrom(0.01, 0.1, 0.5) }),
        fc.record({
          distance: fc.constantFrom(64, 1024, 4096),
          recall: fc.constantFrom(0.5, 0.9, 1),
        }),
      ),
      positional: fc.constantFrom([], ['alibi'], ['rope']),
    });
    fc.assert(
      fc.property(useCase, (raw) => {
        const u = {
          ...raw,
          causal: raw.mode === 'prefill' ? raw.causal : true,
        } as unknown as UseCase;
        const r = select(u, profile);
        for (const c of r.candidates) {
          expect(c.predicted.peakBytes).toBeLessThanOrEqual(u.memoryBudget as number);
          const variant = createVariant(c.spec);
          if ('exact' in (u.quality ?? {}))
            expect(c.predicted.exact && variant.traits.exact).toBe(true);
          if (u.positional?.includes('alibi')) expect(variant.traits.scoreBias).toBe(true);
          if (u.mode !== 'prefill') expect(variant.traits.decoder).toBe(true);
          const q = u.quality as { distance?: number; recall?: number };
          if (q.distance && (c.family === 'local-window' || c.family === 'sparse')) {
            const n = u.queryLength;
            const shape = {
              batch: 1,
              heads: u.heads ?? 1,
              kvHeads: u.heads ?? 1,
              queryLength: n,
              keyLength: n,
              headDim: 64,
              valueDim: 64,
            };
            expect(
              reachAt(variant, shape, u.causal ?? false, Math.min(q.distance, n - 1)),
            ).toBeGreaterThanOrEqual(q.recall as number);
          }
        }
        expect(new Set(r.excluded.map((e) => e.family)).size).toBe(r.excluded.length);
      }),
      { numRuns: 25, seed: 7 },
    );
  }, 120_000);
});
