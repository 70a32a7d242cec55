import type { ScoreBias } from '../score-bias.ts';
import { randn, type Tensor, type Tensor64 } from '../tensor.ts';
import type { AttentionOptions, AttentionVariant, VariantTraits } from '../types.ts';
import { assertClose, type CloseTolerance } from './compare.ts';
import { makeInputs } from './inputs.ts';
import { expect, it } from './peers.ts';

const H = 3;
/** One of each kind, for 3 heads; slopes and tables large enough to change the attention. */
export const SAMPLE_BIASES: { name: string; bias: ScoreBias }[] = [
  { name: 'alibi', bias: { kind: 'alibi', slopes: Float32Array.from([0.5, 0.25, 0.0625]) } },
  {
    name: 'relative',
    bias: { kind: 'relative', maxDistance: 6, table: randn([H * 13], 77, 1.5).data },
  },
  {
    name: 'function',
    bias: { kind: 'function', fn: (b, h, q, k) => Math.sin(q * 0.3 + b) * (h + 1) - 0.05 * k },
  },
];

type Oracle = (q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions) => Tensor64;

/** Score-bias checks for a variant that claims traits.scoreBias; the refusal check otherwise. */
export function scoreBiasCases(
  create: () => AttentionVariant,
  traits: VariantTraits,
  expectedOf: Oracle,
  tolerance: CloseTolerance,
): void {
  if (!traits.scoreBias) {
    it('refuses options.scoreBias with UNSUPPORTED', () => {
      const x = randn([1, 1, 4, 2], 1);
      expect(() => create().forward(x, x, x, { scoreBias: SAMPLE_BIASES[0].bias })).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED' }),
      );
    });
    return;
  }
  const causalModes = traits.causal ? [false, true] : [false];
  const shapes = [{ B: 2, H, Hkv: 1, Nq: 45, Nk: 45, D: 16, Dv: 8 }];
  if (traits.crossAttention) shapes.push({ B: 1, H, Hkv: 3, Nq: 20, Nk: 47, D: 8, Dv: 8 });
  for (const { name, bias } of SAMPLE_BIASES) {
    for (const causal of causalModes) {
      it(`scoreBias ${name}, causal=${causal}, equals the reference with the same bias`, () => {
        for (const s of shapes) {
          const { q, k, v } = makeInputs(s, 12);
          const options = { causal, scoreBias: bias };
          const out = create().forward(q, k, v, options);
          assertClose(out.data, expectedOf(q, k, v, options).data, {
            ...tolerance,
            label: `${name} Nq${s.Nq} Nk${s.Nk}`,
          });
        }
      });
    }
  }
  it('refuses a malformed scoreBias, naming it', () => {
    const x = randn([1, H, 4, 2], 1);
    const kv = randn([1, 1, 4, 2], 2);
    const bad: [unknown, string, string][] = [
      [
        { kind: 'alibi', slopes: new Float32Array(2) },
        'SHAPE_MISMATCH',
        'options.scoreBias.slopes',
      ],
      [
        { kind: 'relative', maxDistance: 2, table: new Float32Array(3) },
        'SHAPE_MISMATCH',
        'options.scoreBias.table',
      ],
      [
        { kind: 'alibi', slopes: Float32Array.from([1, Number.NaN, 1]) },
        'NON_FINITE',
        'options.scoreBias.slopes[1]',
      ],
      [{ kind: 'rotary' }, 'INVALID_CONFIG', 'options.scoreBias.kind'],
    ];
    for (const [scoreBias, code, argument] of bad) {
      expect(() => create().forward(x, kv, kv, { scoreBias: scoreBias as ScoreBias })).toThrow(
        expect.objectContaining({ code, argument }),
      );
    }
  });
}
