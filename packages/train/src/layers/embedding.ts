/** Token embedding: row tokens[r] of the table [vocab, d]; its gradient scatters back. */
import { type Floats, zerosLike } from '../floats.ts';

export function embeddingForward(table: Floats, d: number, tokens: Int32Array): Floats {
  const out = zerosLike(table, tokens.length * d);
  for (let r = 0; r < tokens.length; r++)
    out.set(table.subarray(tokens[r] * d, (tokens[r] + 1) * d), r * d);
  return out;
}

/** dTable[tokens[r]] += dOut[r]. */
export function embeddingBackward(
  dOut: Floats,
  d: number,
  tokens: Int32Array,
  dTable: Floats,
): void {
  for (let r = 0; r < tokens.length; r++) {
    const t = tokens[r] * d;
    for (let i = 0; i < d; i++) dTable[t + i] += dOut[r * d + i];
  }
}
