import { rope } from '../positional/rope.ts';
import { type MaskFn, referenceAttention } from '../reference.ts';
import { randn, type Tensor, type Tensor64 } from '../tensor.ts';
import type {
  AttentionOptions,
  AttentionShape,
  AttentionVariant,
  DecoderOptions,
} from '../types.ts';
import { expectAttentionErrors } from './bad-inputs.ts';
import { assertClose, type CloseTolerance } from './compare.ts';
import { type CaseShape, caseName, denseWeights, makeInputs, shapeOf } from './inputs.ts';
import { describe, expect, fc, it } from './peers.ts';
import { scoreBiasCases } from './score-bias-cases.ts';

/** A variant as the conformance suite runs it: how to build it and what to compare it with. */
export interface ConformanceSubject {
  /** Shown in the describe block. Default: the variant's name. */
  name?: string;
  /** Builds the variant under test (called once per case). */
  create: () => AttentionVariant;
  /** The variant's own mask beyond causal and padding (window band, sparse layout) for the oracle. */
  mask?: (shape: AttentionShape, options: AttentionOptions) => MaskFn | undefined;
  /** Oracle for approximations (their naive form). Exact variants are checked against the reference. */
  oracle?: (q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions) => Tensor64;
  /** Default { atol: 2e-5 } for exact variants. */
  tolerance?: CloseTolerance;
  /** Steps for the decoder check. Default 37. */
  decodeSteps?: number;
}

const S = (
  B: number,
  H: number,
  Hkv: number,
  Nq: number,
  Nk: number,
  D: number,
  Dv = D,
): CaseShape => ({ B, H, Hkv, Nq, Nk, D, Dv });

const SELF_SHAPES: CaseShape[] = [
  S(1, 1, 1, 1, 1, 1),
  S(1, 1, 1, 2, 2, 64),
  S(1, 1, 1, 63, 63, 60),
  S(1, 1, 1, 257, 257, 64),
  S(2, 3, 3, 33, 33, 1),
  S(2, 2, 2, 70, 70, 64, 32),
];
const CROSS_SHAPES: CaseShape[] = [
  S(1, 2, 2, 31, 70, 16),
  S(2, 1, 1, 70, 31, 16),
  S(1, 1, 1, 1, 129, 8),
];
const GQA_SHAPES: CaseShape[] = [S(1, 4, 2, 40, 40, 16), S(2, 3, 1, 40, 40, 16, 8)];

/**
 * Runs the attnkit conformance suite on a variant: `describeConformance({ create: () => full() })`
 * inside a vitest file. Reads the variant's traits and checks only what it claims.
 */
export function describeConformance(subject: ConformanceSubject): void {
  const probe = subject.create();
  const traits = probe.traits;
  const tolerance: CloseTolerance = subject.tolerance ?? { atol: 2e-5 };
  const expectedOf = (q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions): Tensor64 => {
    if (subject.oracle) return subject.oracle(q, k, v, options);
    const shape = shapeOf({
      B: q.shape[0],
      H: q.shape[1],
      Hkv: k.shape[1],
      Nq: q.shape[2],
      Nk: k.shape[2],
      D: q.shape[3],
      Dv: v.shape[3],
    });
    return referenceAttention(q, k, v, { ...options, mask: subject.mask?.(shape, options) }).output;
  };
  const check = (s: CaseShape, options: AttentionOptions, seed = 1, scale = 1) => {
    const { q, k, v } = makeInputs(s, seed, scale);
    const out = subject.create().forward(q, k, v, options);
    expect(out.shape).toEqual([s.B, s.H, s.Nq, s.Dv]);
    assertClose(out.data, expectedOf(q, k, v, options).data, {
      ...tolerance,
      label: `${caseName(s)} ${JSON.stringify(options)}`,
    });
    return out;
  };
  const causalModes = traits.causal ? [false, true] : [false];

  describe(`conformance: ${subject.name ?? probe.name}`, () => {
    describe.each(causalModes.map((causal) => ({ causal })))('causal=$causal', ({ causal }) => {
      it.each(SELF_SHAPES.map((s) => ({ s, name: caseName(s) })))('odd shape $name', ({ s }) => {
        check(s, { causal });
      });
      it.each(GQA_SHAPES.map((s) => ({ s, name: caseName(s) })))('grouped-query $name', ({ s }) => {
        check(s, { causal });
      });
      if (traits.crossAttention) {
        it.each(CROSS_SHAPES.map((s) => ({ s, name: caseName(s) })))(
          'cross-attention $name',
          ({ s }) => {
            check(s, { causal });
          },
        );
      }
      if (traits.keyLengths) {
        it('key padding, including a batch entry with no keys (zeros)', () => {
          const s = S(3, 2, 1, 45, 45, 16);
          const out = check(s, { causal, keyLengths: new Int32Array([45, 17, 0]) });
          const third = out.data.subarray(2 * 2 * 45 * 16);
          expect(third.every((x) => x === 0)).toBe(true);
        });
      }
      it('large logits (|score| ≈ 1e4) stay finite and exact', () => {
        const s = S(1, 2, 2, 50, 50, 16);
        const out = check(s, { causal, scale: 1 }, 3, 25);
        expect(out.data.every(Number.isFinite)).toBe(true);
      });
      it('custom scale', () => check(S(1, 1, 1, 40, 40, 8), { causal, scale: 0.05 }));
      it('is deterministic: same input, bit-identical output', () => {
        const s = S(2, 2, 1, 77, 77, 24);
        const { q, k, v } = makeInputs(s, 9);
        const a = subject.create().forward(q, k, v, { causal });
        const b = subject.create().forward(q, k, v, { causal });
        expect(
          Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(
            Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength),
          ),
        ).toBe(true);
      });
      it('inputs are left untouched', () => {
        const s = S(1, 2, 2, 20, 20, 8);
        const { q, k, v } = makeInputs(s, 4);
        const copies = [q.data.slice(), k.data.slice(), v.data.slice()];
        subject.create().forward(q, k, v, { causal });
        expect([q.data, k.data, v.data]).toEqual(copies);
      });
      if (traits.weights) {
        it('weights() is the map forward applies: rows sum to 1 (or 0), weights·V = output', () => {
          const s = S(2, 2, 1, 37, 37, 8, 5);
          const { q, k, v } = makeInputs(s, 5);
          const variant = subject.create();
          const options = {
            causal,
            keyLengths: traits.keyLengths ? new Int32Array([37, 11]) : undefined,
          };
          const w = variant.weights!(q, k, options);
          expect(w.shape).toEqual([2, 2, 37, 37]);
          const dense = denseWeights(w);
          const out = variant.forward(q, k, v, options);
          const mixed = new Float64Array(out.data.length);
          for (let b = 0; b < 2; b++)
            for (let h = 0; h < 2; h++)
              for (let i = 0; i < 37; i++) {
                const row = (b * 2 + h) * 37 + i;
                let sum = 0;
                for (let j = 0; j < 37; j++) {
                  const p = dense[row * 37 + j];
                  expect(p).toBeGreaterThanOrEqual(0);
                  sum += p;
                  for (let t = 0; t < 5; t++)
                    mixed[row * 5 + t] += p * v.data[(b * 37 + j) * 5 + t];
                }
                expect(sum === 0 || Math.abs(sum - 1) < 1e-5).toBe(true);
              }
          assertClose(out.data, mixed, { atol: 2e-5, rtol: 1e-5, label: 'weights·V vs forward' });
          if (traits.exact) {
            const ref = referenceAttention(
              q,
              k,
              v,
              { ...options, mask: subject.mask?.(shapeOf(s), options) },
              true,
            ).weights!;
            assertClose(dense, ref.data, { atol: 2e-5, label: 'weights vs reference' });
          }
        });
      }
    });

    // RoPE changes only q and k: the forward sees the rotated sequence, each step its token
    // rotated at its own position (offset t), which is how a decoding loop applies it.
    const decodeCases = [
      { name: 'plain', options: {} as DecoderOptions, rotary: false },
      { name: 'with RoPE positions', options: {} as DecoderOptions, rotary: true },
    ];
    if (traits.scoreBias) {
      const slopes = Float32Array.from([0.5, 0.25, 0.125, 0.0625]);
      decodeCases.push({
        name: 'with ALiBi and a custom scale',
        options: { scale: 0.2, scoreBias: { kind: 'alibi', slopes } },
        rotary: false,
      });
      decodeCases.push({
        name: 'with a relative position bias',
        options: {
          scoreBias: { kind: 'relative', maxDistance: 5, table: randn([4 * 11], 31, 1.5).data },
        },
        rotary: false,
      });
    }
    if (traits.decoder && traits.causal) {
      it.each(decodeCases)(
        'decoder steps equal the causal forward ($name)',
        ({ options, rotary }) => {
          const T = subject.decodeSteps ?? 37;
          const s = S(2, 4, 2, T, T, 16, 12);
          const inputs = makeInputs(s, 6);
          const rot = rotary ? rope() : null;
          const q = rot ? rot.apply(inputs.q) : inputs.q;
          const k = rot ? rot.apply(inputs.k) : inputs.k;
          const v = inputs.v;
          const variant = subject.create();
          const full = variant.forward(q, k, v, { ...options, causal: true });
          const dec = variant.decoder!(
            { batch: 2, heads: 4, kvHeads: 2, headDim: 16, valueDim: 12 },
            options,
          );
          const stepped = new Float32Array(full.data.length);
          const slice = (t: Tensor, i: number): Tensor => {
            const [B, H, N, D] = t.shape;
            const data = new Float32Array(B * H * D);
            for (let bh = 0; bh < B * H; bh++)
              data.set(t.data.subarray((bh * N + i) * D, (bh * N + i + 1) * D), bh * D);
            return { data, shape: [B, H, 1, D] };
          };
          for (let i = 0; i < T; i++) {
            const qi = rot ? rot.apply(slice(inputs.q, i), i) : slice(q, i);
            const ki = rot ? rot.apply(slice(inputs.k, i), i) : slice(k, i);
            const o = dec.step(qi, ki, slice(v, i));
            expect(o.shape).toEqual([2, 4, 1, 12]);
            for (let bh = 0; bh < 8; bh++)
              stepped.set(o.data.subarray(bh * 12, (bh + 1) * 12), (bh * T + i) * 12);
          }
          expect(dec.position).toBe(T);
          assertClose(stepped, full.data, {
            atol: 2e-5,
            rtol: 1e-5,
            label: 'decoder vs causal forward',
          });
          dec.reset();
          expect(dec.position).toBe(0);
        },
      );
    }

    it('names the kernels backend it runs on', () => {
      expect(typeof probe.backend).toBe('string');
      expect(probe.backend.length).toBeGreaterThan(0);
    });
    it('cost() is finite and positive; causal costs no more than non-causal', () => {
      const variant = subject.create();
      const shape = shapeOf(S(1, 2, 2, 1024, 1024, 64));
      const c = variant.cost(shape);
      expect(Number.isFinite(c.flops) && c.flops > 0).toBe(true);
      expect(Number.isFinite(c.peakBytes) && c.peakBytes > 0).toBe(true);
      if (traits.causal)
        expect(variant.cost(shape, { causal: true }).flops).toBeLessThanOrEqual(c.flops);
    });

    it('property: random shapes and options match the oracle', () => {
      fc.assert(
        fc.property(
          fc.record({
            B: fc.integer({ min: 1, max: 2 }),
            Hkv: fc.integer({ min: 1, max: 2 }),
            group: fc.integer({ min: 1, max: 3 }),
            Nq: fc.integer({ min: 1, max: 90 }),
            extraKeys: fc.integer({ min: 0, max: 40 }),
            D: fc.integer({ min: 1, max: 24 }),
            Dv: fc.integer({ min: 1, max: 12 }),
            causal: fc.boolean(),
            seed: fc.integer({ min: 0, max: 1000 }),
          }),
          (r) => {
            const Nk = traits.crossAttention ? Math.max(1, r.Nq + r.extraKeys - 20) : r.Nq;
            const s = S(r.B, r.Hkv * r.group, r.Hkv, r.Nq, Nk, r.D, r.Dv);
            check(s, { causal: r.causal && traits.causal }, r.seed);
          },
        ),
        { numRuns: 30, seed: 42 },
      );
    });

    scoreBiasCases(subject.create, traits, expectedOf, tolerance);
    expectAttentionErrors(subject.create, traits);
  });
}
