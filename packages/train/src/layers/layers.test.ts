import { describe, expect, it } from 'vitest';
import { finiteDifferenceError, normals, weightedSum } from '../testing/finite-differences.ts';
import { activationBackward, activationForward } from './activation.ts';
import { crossEntropy } from './cross-entropy.ts';
import { embeddingBackward, embeddingForward } from './embedding.ts';
import { accumulateWeightGrad, matmul, matmulTransB } from './matmul.ts';
import { rmsNormBackward, rmsNormForward } from './rms-norm.ts';

const TOL = 1e-6;

describe('hand-written backward against float64 central differences', () => {
  it('dense layer: input, weight and bias gradients', () => {
    const [rows, inDim, outDim] = [5, 4, 3];
    const x = normals(rows * inDim, 1);
    const w = normals(inDim * outDim, 2);
    const b = normals(outDim, 3);
    const dy = normals(rows * outDim, 4);
    const loss = () => weightedSum(matmul(x, rows, inDim, w, outDim, b), dy);
    const dx = matmulTransB(dy, rows, outDim, w, inDim);
    const dw = new Float64Array(w.length);
    const db = new Float64Array(b.length);
    accumulateWeightGrad(x, rows, inDim, dy, outDim, dw, db);
    expect(finiteDifferenceError(loss, x, dx)).toBeLessThan(TOL);
    expect(finiteDifferenceError(loss, w, dw)).toBeLessThan(TOL);
    expect(finiteDifferenceError(loss, b, db)).toBeLessThan(TOL);
  });

  it('RMSNorm: input and gain gradients', () => {
    const [rows, d] = [4, 6];
    const x = normals(rows * d, 5);
    const g = normals(d, 6);
    const dy = normals(rows * d, 7);
    const loss = () => weightedSum(rmsNormForward(x, rows, d, g), dy);
    const dg = new Float64Array(d);
    const dx = rmsNormBackward(x, rows, d, g, dy, dg);
    expect(finiteDifferenceError(loss, x, dx)).toBeLessThan(TOL);
    expect(finiteDifferenceError(loss, g, dg)).toBeLessThan(TOL);
  });

  it.each(['gelu', 'relu'] as const)('%s', (name) => {
    // Keep ReLU inputs away from its kink, where a central difference is meaningless.
    const u = normals(40, 8).map((v) => (Math.abs(v) < 0.05 ? v + 0.2 : v));
    const dz = normals(40, 9);
    const loss = () => weightedSum(activationForward(name, u), dz);
    expect(finiteDifferenceError(loss, u, activationBackward(name, u, dz))).toBeLessThan(TOL);
  });

  it('embedding: gradient scatters to the used rows, repeated tokens add up', () => {
    const [vocab, d] = [5, 3];
    const table = normals(vocab * d, 10);
    const tokens = Int32Array.from([1, 3, 1, 0]);
    const dy = normals(tokens.length * d, 11);
    const loss = () => weightedSum(embeddingForward(table, d, tokens), dy);
    const dTable = new Float64Array(table.length);
    embeddingBackward(dy, d, tokens, dTable);
    expect(finiteDifferenceError(loss, table, dTable)).toBeLessThan(TOL);
    expect(Array.from(dTable.subarray(2 * d, 3 * d))).toEqual([0, 0, 0]);
  });

  it('cross-entropy: logit gradient, loss and accuracy', () => {
    const [rows, vocab] = [3, 7];
    const logits = normals(rows * vocab, 12, 3);
    const targets = Int32Array.from([0, 6, 2]);
    const ce = crossEntropy(logits, vocab, targets);
    const loss = () => crossEntropy(logits, vocab, targets).loss;
    expect(finiteDifferenceError(loss, logits, ce.dLogits)).toBeLessThan(TOL);
    const uniform = crossEntropy(new Float64Array(rows * vocab), vocab, targets);
    expect(uniform.loss).toBeCloseTo(Math.log(vocab), 12);
    const argmaxes = [0, 1, 2].map((r) => {
      const row = Array.from(logits.subarray(r * vocab, (r + 1) * vocab));
      return row.indexOf(Math.max(...row));
    });
    expect(ce.correct).toBe(argmaxes.filter((a, r) => a === targets[r]).length);
  });
});
