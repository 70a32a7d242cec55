/**
 * Run by node.test.ts in its own process (V8 flags are process-wide): picks a backend, calls
 * enableRelaxedSimd, picks again, and checks one score tile of the backend it now has against
 * the JS twin. Prints one JSON line.
 */
import { getKernels } from '../backend.ts';
import { jsKernels } from '../js/index.ts';
import { enableRelaxedSimd } from '../node.ts';

const before = getKernels('auto').name;
const status = enableRelaxedSimd();
const kernels = getKernels('auto');
const rows = 5;
const cols = 7;
const depth = 61;
const q = Float32Array.from({ length: rows * depth }, (_, i) => Math.sin(i * 0.7));
const k = Float32Array.from({ length: cols * depth }, (_, i) => Math.cos(i * 0.3));
const expected = new Float32Array(rows * cols);
jsKernels.scoreTile(q, 0, k, 0, expected, 0, rows, cols, depth, cols, 0.125);
const ws = kernels.workspace(q.length + k.length + rows * cols);
ws.set(q, 0);
ws.set(k, q.length);
const sOff = q.length + k.length;
kernels.scoreTile(ws, 0, ws, q.length, ws, sOff, rows, cols, depth, cols, 0.125);
let maxDiff = 0;
for (let i = 0; i < rows * cols; i++)
  maxDiff = Math.max(maxDiff, Math.abs(ws[sOff + i] - expected[i]));
console.log(JSON.stringify({ before, status, after: kernels.name, maxDiff }));
