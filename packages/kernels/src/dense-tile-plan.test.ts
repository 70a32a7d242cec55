import { randn, validateCall } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { denseTilePlan } from './dense-tile-plan.ts';

/** Every (query block, key tile) pair the plan visits for a head of batch entry b. */
function visits(Nq: number, Nk: number, options: object, b = 0) {
  const call = validateCall(
    randn([1, 1, Nq, 4], 1),
    randn([1, 1, Nk, 4], 2),
    randn([1, 1, Nk, 4], 3),
    options,
  );
  const plan = denseTilePlan(call, 64, 64);
  const out = new Int32Array(2 * plan.maxTiles);
  const tiles: [number, number, number][] = [];
  for (let i0 = 0; i0 < Nq; i0 += plan.queryBlock) {
    const n = plan.tiles(b, 0, i0, Math.min(plan.queryBlock, Nq - i0), out);
    for (let t = 0; t < n; t++) tiles.push([i0, out[2 * t], out[2 * t + 1]]);
  }
  return tiles;
}

describe('denseTilePlan (the tiles full and chunked train on)', () => {
  it('non-causal: every tile', () => {
    expect(visits(256, 256, {})).toHaveLength(16);
  });
  it('causal: tiles above the diagonal are skipped (10 of 16)', () => {
    expect(visits(256, 256, { causal: true })).toHaveLength(10);
  });
  it('causal with Nq > Nk: query blocks that see no key visit no tile', () => {
    expect(visits(256, 64, { causal: true })).toEqual([[192, 0, 64]]);
  });
  it('padding: tiles past the length are skipped, the edge tile is cut; no keys, no tiles', () => {
    expect(visits(128, 256, { keyLengths: [100] }).map((t) => t[2])).toEqual([64, 36, 64, 36]);
    expect(visits(128, 256, { keyLengths: [0] })).toEqual([]);
  });
});
