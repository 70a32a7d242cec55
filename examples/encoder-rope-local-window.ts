// A 2-layer encoder forward pass: RoPE positions, local-window attention, residuals.
// Run: npx tsx --conditions=@attnkit/source examples/encoder-rope-local-window.ts
import { multiHeadAttention, randn, rope, type Tensor } from '@attnkit/core';
import { localWindow } from '@attnkit/local-window';

const [B, N, dModel, heads] = [2, 4096, 256, 8];
const positional = { rope: rope({ base: 10000 }) };
const layers = [0, 1].map((seed) =>
  multiHeadAttention({
    dModel,
    heads,
    kvHeads: 2,
    attention: localWindow({ window: 128 }),
    positional,
    seed,
  }),
);
const add = (a: Tensor, b: Tensor): Tensor => ({
  data: a.data.map((x, i) => x + b.data[i]),
  shape: a.shape,
});
let x = randn([B, N, dModel], 42, 0.5);
for (const layer of layers) x = add(x, layer.forward(x, null, { causal: true }));
console.log(x.shape, x.data.slice(0, 4));
