/**
 * Multi-query associative recall as Zoology defines it (Arora et al. 2023, `multiquery_ar`):
 * a context of `pairs` key–value pairs (distinct keys from the lower half of the vocabulary
 * without token 0, distinct values from the upper half), then every key again as a query at
 * an even offset 2g of the remaining space, g drawn without replacement with p(g) ∝ a·g^(a−1)
 * (a = 0.01: most mass on small gaps, a long tail). Other positions hold random tokens. The
 * target at each query is its value; only those positions count.
 */
import { AttentionError, configNumber, createRng, type Rng } from '@attnkit/core';
import { requiredInteger } from '../required.ts';
import type { Task } from './batch.ts';

/**
 * Shape of an MQAR task (Zoology's `input_seq_len`, `num_kv_pairs`, `vocab_size`, `power_a`,
 * `random_non_queries`). Harder with more `pairs`: each is one more fact to hold in state.
 */
export interface MqarConfig {
  /** Sequence length N (input positions). */
  length: number;
  pairs: number;
  vocab: number;
  /** Power-law exponent a of the query gaps; Zoology's default 0.01. */
  powerA?: number;
  /** Fill non-query positions with random tokens (Zoology's default) rather than 0. */
  randomFill?: boolean;
}

/** k distinct integers from [lo, hi), in random order (partial Fisher–Yates). */
function sampleDistinct(rng: Rng, lo: number, hi: number, k: number): number[] {
  const pool = Array.from({ length: hi - lo }, (_, i) => lo + i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

/** k distinct gaps from [0, space) drawn with weights w (sequentially, without replacement). */
function sampleGaps(rng: Rng, weights: number[], k: number): number[] {
  const w = weights.slice();
  const picked: number[] = [];
  for (let n = 0; n < k; n++) {
    let total = 0;
    for (const x of w) total += x;
    let u = rng.uniform() * total;
    let g = 0;
    while (g < w.length - 1 && (u >= w[g] || w[g] === 0)) {
      u -= w[g];
      g++;
    }
    picked.push(g);
    w[g] = 0;
  }
  return picked;
}

/**
 * Multi-query associative recall, the task Zoology uses to show the recall gap between full
 * attention and sub-quadratic variants: each query's value sits in the context a power-law
 * gap back. Keys are 1…⌊vocab/2⌋−1 and values ⌊vocab/2⌋…vocab−1, so chance is
 * 1/(vocab − ⌊vocab/2⌋). Throws `INVALID_CONFIG` unless pairs ≤ ⌊vocab/2⌋ − 1 and
 * length ≥ 4·pairs.
 */
export function mqar(config: MqarConfig): Task {
  const length = requiredInteger(config.length, 'mqar.length', 4);
  const pairs = requiredInteger(config.pairs, 'mqar.pairs', 1);
  const vocab = requiredInteger(config.vocab, 'mqar.vocab', 4);
  const powerA = configNumber(config.powerA, 'mqar.powerA', 0.01, 0, true);
  const randomFill = config.randomFill ?? true;
  const half = Math.floor(vocab / 2);
  if (pairs > half - 1 || pairs > vocab - half)
    throw new AttentionError(
      'INVALID_CONFIG',
      'mqar.pairs',
      `at most vocab/2 − 1 = ${half - 1} (distinct keys)`,
      String(pairs),
    );
  const space = Math.floor((length - 2 * pairs) / 2);
  if (space < pairs)
    throw new AttentionError(
      'INVALID_CONFIG',
      'mqar.length',
      `at least 4 × pairs = ${4 * pairs}`,
      String(length),
    );
  const weights = Array.from({ length: space }, (_, g) => powerA * (g + 1) ** (powerA - 1));
  return {
    name: 'mqar',
    config: { length, pairs, vocab, powerA, randomFill },
    vocab,
    length,
    chance: 1 / (vocab - half),
    sample(batch, seed) {
      const rng = createRng(seed);
      const tokens = new Int32Array(batch * length);
      const targets = new Int32Array(batch * length).fill(-1);
      for (let b = 0; b < batch; b++) {
        const o = b * length;
        const keys = sampleDistinct(rng, 1, half, pairs);
        const values = sampleDistinct(rng, half, vocab, pairs);
        const seq = new Int32Array(length + 1);
        for (let i = 0; i < pairs; i++) {
          seq[2 * i] = keys[i];
          seq[2 * i + 1] = values[i];
        }
        const gaps = sampleGaps(rng, weights, pairs);
        const answer = new Int32Array(length + 1).fill(-1);
        gaps.forEach((g, i) => {
          seq[2 * pairs + 2 * g] = keys[i];
          answer[2 * pairs + 2 * g + 1] = values[i];
        });
        // Inputs are seq[:-1], targets answer[1:]: the target at a query's position is its value.
        for (let n = 0; n < length; n++) {
          const t = seq[n];
          tokens[o + n] = t === 0 && randomFill ? rng.int(vocab) : t;
          targets[o + n] = answer[n + 1];
        }
      }
      return { batch, length, tokens, targets };
    },
  };
}
