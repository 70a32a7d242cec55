/**
 * A decoder-only language model of L pre-norm blocks around any attention layer (b n d):
 * token embedding → L × [RMSNorm → causal attention (+RoPE inside) → residual; RMSNorm → MLP →
 * residual] → RMSNorm → unembedding (tied to the embedding or its own), cross-entropy on the
 * positions that carry a target. Logits are formed only for those rows.
 */
import { AttentionError, configInteger } from '@attnkit/core';
import type { AttentionLayer, AttentionLayerFactory, Param } from './attention-layer.ts';
import {
  type AttentionClock,
  type BlockParams,
  blockBackward,
  blockForward,
  grad,
} from './block.ts';
import type { Floats } from './floats.ts';
import { constantInit, normalInit, paramSeed } from './init.ts';
import type { ActivationName } from './layers/activation.ts';
import { crossEntropy } from './layers/cross-entropy.ts';
import { embeddingBackward, embeddingForward } from './layers/embedding.ts';
import { accumulateWeightGrad, matmul, matmulTransB } from './layers/matmul.ts';
import { rmsNormBackward, rmsNormForward } from './layers/rms-norm.ts';
import { requiredInteger } from './required.ts';
import type { Batch } from './tasks/batch.ts';

/**
 * The model's shape. `vocab` must cover the task's tokens; `heads` must divide `dModel`; `seed`
 * fixes every initial weight, so two models built from one config start identical.
 */
export interface ModelConfig {
  vocab: number;
  dModel: number;
  /** 0 is the no-attention baseline: embedding → norm → unembedding. */
  layers: number;
  heads: number;
  /** MLP hidden width ÷ dModel; 0 removes the MLP. Default 4. */
  mlpRatio?: number;
  activation?: ActivationName;
  /** Unembedding = embeddingᵀ. Default false. */
  tied?: boolean;
  seed: number;
  /** Tests only: run every layer in float64 (the attention layer must accept it). */
  float64?: boolean;
}

/**
 * One forward and backward over a batch. `loss` is the mean cross-entropy (nats) over the
 * `count` positions that carry a target, of which `correct` were predicted by argmax; times are
 * milliseconds of this call.
 */
export interface StepResult {
  loss: number;
  correct: number;
  count: number;
  /** One per `params` entry, same order. */
  grads: Floats[];
  attentionMs: number;
  /** Of which inside the attention variant itself (0 where the layer does not report it). */
  attentionKernelMs: number;
}

/**
 * A decoder-only model with a hand-written backward around its attention layers. Its `params`
 * are the live arrays: the optimiser updates them in place, checkpoints read and write them.
 */
export interface Model {
  readonly config: Readonly<Required<ModelConfig>>;
  readonly params: readonly Param[];
  /** Loss and the gradient of every param for one batch; the params are not changed. */
  lossAndGradients(batch: Batch): StepResult;
  /** Loss and accuracy without gradients: the attention layers keep no training state. */
  evaluate(batch: Batch): { loss: number; correct: number; count: number };
}

/**
 * Builds the model with its initial weights: normal, std 1/√fan-in (the embedding std 1, or
 * 1/√dModel when tied), the MLP output scaled by 1/√(2·layers) so the residual stream does not
 * grow with depth, norm gains 1 and biases 0. Throws `INVALID_CONFIG` on a bad config or on
 * attention layers whose param names repeat.
 */
export function createModel(config: ModelConfig, attention: AttentionLayerFactory): Model {
  const vocab = requiredInteger(config.vocab, 'model.vocab', 2);
  const d = requiredInteger(config.dModel, 'model.dModel', 1);
  const layers = requiredInteger(config.layers, 'model.layers', 0);
  const heads = requiredInteger(config.heads, 'model.heads', 1);
  const mlpRatio = configInteger(config.mlpRatio, 'model.mlpRatio', 4, 0);
  const activation = config.activation ?? 'gelu';
  if (activation !== 'gelu' && activation !== 'relu')
    throw new AttentionError(
      'INVALID_CONFIG',
      'model.activation',
      "'gelu' or 'relu'",
      String(activation),
    );
  const tied = config.tied ?? false;
  const seed = requiredInteger(config.seed, 'model.seed', 0);
  const f64 = config.float64 ?? false;
  const hidden = mlpRatio * d;
  let index = 0;
  const param = (name: string, n: number, std: number, decay = true): Param => ({
    name,
    data: normalInit(n, std, paramSeed(seed, index++), f64),
    decay,
  });
  const ones = (name: string): Param => ({ name, data: constantInit(d, 1, f64), decay: false });
  const zeros = (name: string, n: number): Param => ({
    name,
    data: constantInit(n, 0, f64),
    decay: false,
  });
  // Tied: the embedding is also the output matrix, so it starts at the output's 1/√d scale.
  const embed = param('embed', vocab * d, tied ? 1 / Math.sqrt(d) : 1);
  const residualScale = 1 / Math.sqrt(2 * Math.max(layers, 1));
  const blocks: { p: BlockParams; attention: AttentionLayer }[] = [];
  for (let l = 0; l < layers; l++) {
    const att = attention({ dModel: d, heads, seed: paramSeed(seed, 1000 + l), layer: l });
    const p: BlockParams = { norm1: ones(`layers.${l}.norm1`), norm2: ones(`layers.${l}.norm2`) };
    if (hidden > 0)
      p.mlp = {
        w1: param(`layers.${l}.mlp.w1`, d * hidden, 1 / Math.sqrt(d)),
        b1: zeros(`layers.${l}.mlp.b1`, hidden),
        w2: param(`layers.${l}.mlp.w2`, hidden * d, residualScale / Math.sqrt(hidden)),
        b2: zeros(`layers.${l}.mlp.b2`, d),
      };
    blocks.push({ p, attention: att });
  }
  const normF = ones('final.norm');
  const unembed = tied ? embed : param('unembed', d * vocab, 1 / Math.sqrt(d));
  const params: Param[] = [embed];
  for (const { p, attention: att } of blocks) {
    params.push(p.norm1, ...att.params, p.norm2);
    if (p.mlp) params.push(p.mlp.w1, p.mlp.b1, p.mlp.w2, p.mlp.b2);
  }
  params.push(normF);
  if (!tied) params.push(unembed);
  const names = new Set(params.map((p) => p.name));
  if (names.size !== params.length)
    throw new AttentionError(
      'INVALID_CONFIG',
      'attention layer params',
      'unique names',
      'a repeated name',
    );

  /** Logits of the rows that carry a target: [rows, vocab]. Tied: h·Eᵀ, else h·U. */
  const logitsOf = (h: Floats) =>
    tied
      ? matmulTransB(h, h.length / d, d, embed.data, vocab)
      : matmul(h, h.length / d, d, unembed.data, vocab);

  function run(batch: Batch, withGrads: boolean) {
    const shape = { batch: batch.batch, length: batch.length, dModel: d, hidden, activation };
    const clock: AttentionClock = { ms: 0, kernelMs: 0 };
    let x = embeddingForward(embed.data, d, batch.tokens);
    const caches = [];
    for (const b of blocks) {
      const out = blockForward(shape, b.p, b.attention, x, clock, withGrads);
      caches.push(out.cache);
      x = out.y;
    }
    const rows: number[] = [];
    batch.targets.forEach((t, r) => {
      if (t >= 0) rows.push(r);
    });
    const picked = new (f64 ? Float64Array : Float32Array)(rows.length * d);
    for (const [i, r] of rows.entries()) picked.set(x.subarray(r * d, (r + 1) * d), i * d);
    const h = rmsNormForward(picked, rows.length, d, normF.data);
    const targets = Int32Array.from(rows, (r) => batch.targets[r]);
    const ce = crossEntropy(logitsOf(h), vocab, targets);
    const result = { loss: ce.loss, correct: ce.correct, count: rows.length };
    const timing = () => ({ attentionMs: clock.ms, attentionKernelMs: clock.kernelMs });
    if (!withGrads) return { ...result, grads: [], ...timing() };

    const grads = new Map<Param, Floats>();
    let dh: Floats;
    if (tied) {
      // logits = h·Eᵀ: dE += dLogitsᵀ·h, dh = dLogits·E.
      accumulateWeightGrad(ce.dLogits, rows.length, vocab, h, d, grad(grads, embed));
      dh = matmul(ce.dLogits, rows.length, vocab, embed.data, d);
    } else {
      accumulateWeightGrad(h, rows.length, d, ce.dLogits, vocab, grad(grads, unembed));
      dh = matmulTransB(ce.dLogits, rows.length, vocab, unembed.data, d);
    }
    const dPicked = rmsNormBackward(picked, rows.length, d, normF.data, dh, grad(grads, normF));
    let dx: Floats = new (f64 ? Float64Array : Float32Array)(x.length);
    for (const [i, r] of rows.entries()) dx.set(dPicked.subarray(i * d, (i + 1) * d), r * d);
    for (let l = blocks.length - 1; l >= 0; l--)
      dx = blockBackward(shape, blocks[l].p, blocks[l].attention, caches[l], dx, grads, clock);
    embeddingBackward(dx, d, batch.tokens, grad(grads, embed));
    return { ...result, grads: params.map((p) => grad(grads, p)), ...timing() };
  }

  return {
    config: { vocab, dModel: d, layers, heads, mlpRatio, activation, tied, seed, float64: f64 },
    params,
    lossAndGradients: (batch) => run(batch, true),
    evaluate: (batch) => {
      const { loss, correct, count } = run(batch, false);
      return { loss, correct, count };
    },
  };
}
