import fc from 'fast-check';
import { BACKENDS } from './backends.ts';
import type { BiasSpec, FuzzCase } from './case.ts';
import type { VariantName } from './subjects.ts';

/** Extreme finite values float32 can hold or not, subnormals, and −0, beside ordinary ones. */
export const EXTREME_NUMBERS = [
  1,
  0.5,
  25,
  1e-3,
  1e4,
  1e10,
  1e15,
  1e18,
  1e19,
  1e20,
  2 ** 62,
  1e37,
  3e38,
  1e-30,
  1e-40,
  1e-45,
  -0,
  0,
] as const;
const HOSTILE_VALUES = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e39,
  -1e39,
  3.4e38,
  -0,
  1e-45,
] as const;
const BAD_BIAS_VALUES: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e39,
  -1e39,
  'x',
  undefined,
  null,
  {},
  10n,
  Number.NEGATIVE_INFINITY,
];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

const backend = () => pick(BACKENDS);

/** A config for each variant: mostly valid, now and then a hostile value. */
export function configArb(
  name: VariantName,
  hostile = true,
): fc.Arbitrary<Record<string, unknown>> {
  // Huge sizes (class 6 of issue 15, memory budgets) are fuzzed by the variants' own suites.
  const hostileInt = pick([0, -1, 1.5, Number.NaN, '8', -0, Number.POSITIVE_INFINITY] as unknown[]);
  const int = (lo: number, hi: number) =>
    hostile
      ? fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: lo, max: hi }) },
          { weight: 1, arbitrary: hostileInt },
        )
      : fc.integer({ min: lo, max: hi });
  const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
  const clean = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
  switch (name) {
    case 'full':
      return fc.record({ queryBlock: opt(int(1, 70)), backend: backend() }).map(clean);
    case 'chunked':
      return fc
        .record({ queryBlock: opt(int(1, 70)), keyBlock: opt(int(1, 70)), backend: backend() })
        .map(clean);
    case 'local-window':
      return fc
        .oneof(
          fc.record({ window: int(0, 40) }),
          fc.record({ left: int(0, 40), right: opt(int(0, 40)) }),
        )
        .chain((band) =>
          fc
            .record({ dilation: opt(int(1, 4)), block: opt(int(1, 40)), backend: backend() })
            .map((rest) => clean({ ...band, ...rest })),
        );
    case 'sparse':
      return fc
        .oneof(
          fc.record({
            pattern: fc.constant('bigbird'),
            window: opt(pick([1, 3, 5])),
            randomBlocks: opt(int(0, 3)),
            seed: opt(int(0, 99)),
          }),
          fc.record({
            pattern: fc.constant('longformer'),
            window: opt(pick([1, 3])),
            globalTokens: opt(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 2 })),
          }),
          fc.record({ pattern: fc.constant('strided'), stride: opt(int(1, 4)) }),
          fc.record({
            pattern: fc.constant('fixed'),
            stride: opt(int(2, 4)),
            summary: opt(pick([1])),
          }),
        )
        .chain((p) =>
          fc
            .record({ block: opt(int(1, 16)), backend: backend() })
            .map((rest) => clean({ ...p, ...rest })),
        );
    case 'linear':
      return fc
        .record({
          featureMap: pick(['elu', 'relu', 'favor']),
          features: opt(int(1, 32)),
          seed: opt(int(0, 99)),
          chunk: opt(int(1, 20)),
          backend: backend(),
        })
        .map((c) =>
          clean(c.featureMap === 'favor' ? c : { ...c, features: undefined, seed: undefined }),
        );
  }
}

const hostileBiasArb: fc.Arbitrary<BiasSpec | null> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('alibi' as const),
      slope: pick([0.5, 0.0625, 1e30, 1e38, 5e36, -0, Number.NaN]),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('relative' as const),
      maxDistance: fc.integer({ min: 0, max: 6 }),
      value: pick([1, 3, 1e30, 1e38, Number.NaN, Number.POSITIVE_INFINITY]),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('function' as const),
      base: pick([0, 1, 5, 1e4, 1e30, 8e37, -0, 1e-40]),
      maskEvery: pick([0, 0, 2, 3, 1]),
      bad: fc.option(
        fc.record({ value: pick(BAD_BIAS_VALUES), row: fc.integer({ min: 0, max: 24 }) }),
        {
          // fast-check's freq: nil once in `freq` draws.
          nil: null,
          freq: 4,
        },
      ),
    }),
  },
);

const benignBiasArb: fc.Arbitrary<BiasSpec | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('alibi' as const), slope: pick([0.5, 0.0625, -0]) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('relative' as const),
      maxDistance: fc.integer({ min: 0, max: 6 }),
      value: pick([1, 3, 0.1]),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('function' as const),
      base: pick([0, 1, 5, 1e-40, -0]),
      maskEvery: pick([0, 2, 3, 1]),
      bad: fc.constant(null),
    }),
  },
);

/** keyLengths: mostly absent or valid, sometimes hostile (wrong type, length, values). */
function keyLengthsArb(B: number, Nk: number, hostile: boolean): fc.Arbitrary<unknown> {
  const valid = fc.oneof(
    fc.constant(undefined),
    fc
      .array(fc.integer({ min: 0, max: Nk }), { minLength: B, maxLength: B })
      .map((a) => Int32Array.from(a)),
  );
  if (!hostile) return valid;
  return fc.oneof(
    { weight: 1, arbitrary: valid },
    {
      weight: 3,
      arbitrary: pick([
        'x',
        null,
        [Nk + 1],
        new Int32Array(B + 1),
        Array.from({ length: B }, () => -1),
        Array.from({ length: B }, () => 0.5),
        Array.from({ length: B }, () => Number.NaN),
        new Float32Array(B).fill(Nk),
      ] as unknown[]),
    },
  );
}

// 'none' keeps a fifth of the cases clean; values and bias, the numeric facets, weigh double.
const FACETS = [
  'none',
  'none',
  'config',
  'values',
  'values',
  'plant',
  'scale',
  'keyLengths',
  'bias',
  'bias',
] as const;
const BENIGN_NUMBERS = [1, 1, 0.5, 3, 25, 1e-3, -0] as const;
const BENIGN_SCALES = [undefined, undefined, 0.05, 1, 10, 1e-30] as unknown[];
const HOSTILE_SCALES = [
  1e20,
  1e38,
  1e300,
  0,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '1',
  null,
  5e-324,
] as unknown[];

/**
 * A whole case for one variant: at most one facet hostile (config, extreme values, a planted
 * NaN/∞, scale, keyLengths or the bias), so most cases still reach the numerics. Decoder cases
 * have Nq = Nk (causal self-attention).
 */
export function caseArb(name: VariantName, maxN = 24): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      facet: pick(FACETS),
      mode: pick(['forward', 'forward', 'weights', 'decoder'] as const),
      B: fc.integer({ min: 1, max: 2 }),
      Hkv: fc.integer({ min: 1, max: 2 }),
      group: fc.integer({ min: 1, max: 2 }),
      Nq: fc.integer({ min: 1, max: maxN }),
      Nk: fc.integer({ min: 1, max: maxN }),
      cross: fc.boolean(),
      D: fc.integer({ min: 1, max: 16 }),
      Dv: fc.integer({ min: 1, max: 12 }),
    })
    .chain((s) => {
      const self = s.mode === 'decoder' || !s.cross;
      const shape = {
        B: s.B,
        H: s.Hkv * s.group,
        Hkv: s.Hkv,
        Nq: s.Nq,
        Nk: self ? s.Nq : s.Nk,
        D: s.D,
        Dv: s.Dv,
      };
      const f = s.facet;
      const num = f === 'values' ? pick(EXTREME_NUMBERS) : pick(BENIGN_NUMBERS);
      return fc.record({
        variant: fc.constant(name),
        config: configArb(name, f === 'config'),
        mode: fc.constant(s.mode),
        shape: fc.constant(shape),
        magnitude: fc.record({ q: num, k: num, v: num }),
        plant:
          f === 'plant'
            ? fc.record({
                tensor: pick(['q', 'k', 'v'] as const),
                at: fc.double({ min: 0, max: 1, noNaN: true }),
                value: pick(HOSTILE_VALUES),
              })
            : fc.constant(null),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        causal: fc.boolean(),
        scale: pick(f === 'scale' ? [...BENIGN_SCALES, ...HOSTILE_SCALES] : BENIGN_SCALES),
        keyLengths:
          name === 'linear' && f !== 'keyLengths'
            ? fc.constant(undefined)
            : keyLengthsArb(shape.B, shape.Nk, f === 'keyLengths'),
        // linear applies no score bias (it refuses one with UNSUPPORTED): only its hostile facet sends one.
        bias: f === 'bias' ? hostileBiasArb : name === 'linear' ? fc.constant(null) : benignBiasArb,
      });
    });
}
