/** Linear attention's ReLU feature map on a block of rows: out = max(0, gain·x), gain = √scale. */
export function reluRows(
  x: Float32Array,
  xOff: number,
  ldX: number,
  rows: number,
  d: number,
  gain: number,
  out: Float32Array,
  outOff: number,
  ldOut: number,
): void {
  for (let r = 0; r < rows; r++) {
    const xo = xOff + r * ldX;
    const oo = outOff + r * ldOut;
    for (let t = 0; t < d; t++) {
      const y = gain * x[xo + t];
      out[oo + t] = Math.max(y, 0);
    }
  }
}
