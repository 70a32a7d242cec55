/**
 * Copy (induction heads, Olsson et al. 2022): a random sequence of tokens 1…vocab−1, then the
 * same sequence again; in the second copy every next token is predictable by finding the
 * current token's earlier occurrence and reading what followed it. Targets cover the second
 * copy from its first token on.
 */
import { createRng } from '@attnkit/core';
import { requiredInteger } from '../required.ts';
import type { Task } from './batch.ts';

/** Shape of the copy task; tokens are 1…vocab−1 (0 is unused), so chance is 1/(vocab−1). */
export interface CopyConfig {
  /** Sequence length N; the first ⌊N/2⌋ tokens are the pattern. */
  length: number;
  vocab: number;
}

/**
 * The copy task: solvable only by attending back to an earlier position (an induction head),
 * so it tells apart variants that can reach the whole context from those that cannot, e.g. a
 * local window shorter than ⌊N/2⌋. Needs length ≥ 4 and vocab ≥ 3.
 */
export function copyTask(config: CopyConfig): Task {
  const length = requiredInteger(config.length, 'copy.length', 4);
  const vocab = requiredInteger(config.vocab, 'copy.vocab', 3);
  const half = Math.floor(length / 2);
  return {
    name: 'copy',
    config: { length, vocab },
    vocab,
    length,
    chance: 1 / (vocab - 1),
    sample(batch, seed) {
      const rng = createRng(seed);
      const tokens = new Int32Array(batch * length);
      const targets = new Int32Array(batch * length).fill(-1);
      for (let b = 0; b < batch; b++) {
        const o = b * length;
        for (let n = 0; n < half; n++) tokens[o + n] = 1 + rng.int(vocab - 1);
        for (let n = half; n < length; n++) tokens[o + n] = tokens[o + n - half];
        for (let n = half; n < length - 1; n++) targets[o + n] = tokens[o + n + 1];
      }
      return { batch, length, tokens, targets };
    },
  };
}
