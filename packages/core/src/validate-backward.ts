import { AttentionError, describe } from './errors.ts';
import { assertFinite, assertTensor, type Tensor } from './tensor.ts';
import type { BackwardOptions, TrainingState, VariantTraits } from './types.ts';
import { type ResolvedCall, validateCall } from './validate.ts';

type CallTraits = Pick<VariantTraits, 'causal' | 'crossAttention' | 'keyLengths' | 'scoreBias'>;

function sameShape(t: Tensor, want: readonly number[], name: string, what: string): void {
  assertTensor(t, name, 4);
  for (let a = 0; a < 4; a++) {
    if (t.shape[a] !== want[a])
      throw new AttentionError(
        'SHAPE_MISMATCH',
        `${name}.shape`,
        `[${want.join(', ')}] (${what})`,
        `[${t.shape.join(', ')}]`,
      );
  }
}

/**
 * Checks a backward call: q, k, v and options as the forward does, dOut against the output's
 * shape, the saved state against the call, and refuses learnable-bias gradients (UNSUPPORTED).
 */
export function validateBackward(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  dOut: Tensor,
  options: BackwardOptions | undefined,
  traits?: CallTraits,
  variantName = 'this variant',
): { call: ResolvedCall; saved: TrainingState | undefined } {
  const call = validateCall(q, k, v, options, traits, variantName);
  const { batch: B, heads: H, queryLength: Nq, valueDim: Dv } = call.shape;
  sameShape(dOut, [B, H, Nq, Dv], 'dOut', "the output's shape [B, H, Nq, Dv]");
  assertFinite(dOut, 'dOut');
  if (options?.scoreBiasGradient !== undefined && options.scoreBiasGradient !== false) {
    throw new AttentionError(
      'UNSUPPORTED',
      'options.scoreBiasGradient',
      'false or absent (gradients flow to q, k and v; the score bias is a constant)',
      describe(options.scoreBiasGradient),
      'learnable ALiBi slopes or relative tables need their own gradient, not offered yet',
    );
  }
  const saved = options?.saved;
  if (saved !== undefined) {
    if (!saved || typeof saved !== 'object' || !saved.output)
      throw new AttentionError(
        'INVALID_CONFIG',
        'options.saved',
        'the state forwardForTraining returned',
        describe(saved),
      );
    sameShape(saved.output, [B, H, Nq, Dv], 'options.saved.output', 'the forward output');
    if (saved.logSumExp !== undefined && saved.logSumExp.length !== B * H * Nq)
      throw new AttentionError(
        'SHAPE_MISMATCH',
        'options.saved.logSumExp',
        `Float32Array(${B * H * Nq}), one per query row`,
        describe(saved.logSumExp),
      );
  }
  return { call, saved };
}

/**
 * The last step of every backward: gradients that overflowed float32 (a huge dOut against large
 * values) are refused with NON_FINITE naming dOut, never returned as Inf or NaN.
 */
export function assertGradientsFinite(...gradients: Float32Array[]): void {
  for (const g of gradients)
    for (let i = 0; i < g.length; i++) {
      const x = g[i];
      if (x - x !== 0)
        throw new AttentionError(
          'NON_FINITE',
          'dOut',
          'values whose gradients fit float32',
          `a gradient entry of ${x}`,
          'scale the loss (and so dOut) down',
        );
    }
}
