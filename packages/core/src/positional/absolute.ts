import { configInteger, configNumber } from '../config.ts';
import { AttentionError } from '../errors.ts';
import { createRng } from '../rng.ts';
import { assertTensor, type Tensor } from '../tensor.ts';

/** Vaswani et al. (2017): PE[p, 2i] = sin(p / base^(2i/d)), PE[p, 2i+1] = cos(…), rows offset…offset+length−1. */
export function sinusoidalEncoding(
  length: number,
  dModel: number,
  offset = 0,
  base = 10000,
): Float32Array {
  configInteger(length, 'sinusoidal length', 0);
  configInteger(dModel, 'sinusoidal dModel', 0);
  configInteger(offset, 'sinusoidal offset', 0, 0);
  configNumber(base, 'sinusoidal base', 10000, 1, true);
  const pe = new Float32Array(length * dModel);
  for (let p = 0; p < length; p++)
    for (let c = 0; c < dModel; c++) {
      const angle = (offset + p) / base ** ((2 * Math.floor(c / 2)) / dModel);
      pe[p * dModel + c] = c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  return pe;
}

/** A learned position table [maxLength, dModel], seeded N(0, 0.02²) as in GPT-2, unless given. */
export function learnedPositions(maxLength: number, dModel: number, seed = 0): Float32Array {
  configInteger(maxLength, 'learned maxLength', 0);
  configInteger(dModel, 'learned dModel', 0);
  const rng = createRng(seed);
  return Float32Array.from({ length: maxLength * dModel }, () => rng.normal() * 0.02);
}

/** x [B, N, dModel] + table rows offset…offset+N−1 (table [L, dModel]); refuses positions past the table. */
export function addPositions(x: Tensor, table: Float32Array, offset = 0): Tensor {
  assertTensor(x, 'x', 3);
  const [B, N, dModel] = x.shape;
  configInteger(offset, 'positions offset', 0, 0);
  if (table.length % dModel !== 0) {
    throw new AttentionError(
      'SHAPE_MISMATCH',
      'positions table.length',
      `a multiple of dModel ${dModel}`,
      String(table.length),
    );
  }
  const rows = table.length / dModel;
  if (offset + N > rows) {
    throw new AttentionError(
      'INVALID_CONFIG',
      'positions',
      `offset + N <= ${rows} (the table's length)`,
      `${offset} + ${N}`,
    );
  }
  const out = x.data.slice();
  for (let b = 0; b < B; b++)
    for (let n = 0; n < N; n++)
      for (let c = 0; c < dModel; c++)
        out[(b * N + n) * dModel + c] += table[(offset + n) * dModel + c];
  return { data: out, shape: [B, N, dModel] };
}
