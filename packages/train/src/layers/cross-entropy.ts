/**
 * Softmax cross-entropy on chosen rows only: the logits are [rows, vocab] for the rows that carry
 * a target (MQAR scores only the queried values), averaged over those rows.
 */
import { type Floats, zerosLike } from '../floats.ts';

export interface CrossEntropy {
  /** Mean −log p(target) over the rows. */
  loss: number;
  /** ∂loss/∂logits [rows, vocab]. */
  dLogits: Floats;
  /** Rows whose arg-max is the target. */
  correct: number;
}

export function crossEntropy(logits: Floats, vocab: number, targets: Int32Array): CrossEntropy {
  const rows = targets.length;
  const dLogits = zerosLike(logits, logits.length);
  let loss = 0;
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * vocab;
    let max = -Infinity;
    let arg = 0;
    for (let c = 0; c < vocab; c++)
      if (logits[o + c] > max) {
        max = logits[o + c];
        arg = c;
      }
    let sum = 0;
    for (let c = 0; c < vocab; c++) sum += Math.exp(logits[o + c] - max);
    const target = targets[r];
    loss += Math.log(sum) + max - logits[o + target];
    if (arg === target) correct++;
    for (let c = 0; c < vocab; c++)
      dLogits[o + c] = (Math.exp(logits[o + c] - max) / sum - (c === target ? 1 : 0)) / rows;
  }
  return { loss: rows ? loss / rows : 0, dLogits, correct };
}
