/**
 * How one call is cut into tasks (b h n d). The unit is a kv-head group: one k/v head of
 * one batch with its H/Hkv query heads, so GQA heads always travel with their k/v. With the
 * units a multiple of the threads, each task takes a run of consecutive units; otherwise, when
 * the variant allows it, each unit's query rows are cut into blocks of equal work, as many as
 * make the total a multiple of the threads (one head on 2 workers: 2 blocks; B·H = 3: 2 each).
 */
import { visiblePairCount } from '@attnkit/core';
import type { SubCall } from './types.ts';

export interface PlanInput {
  batch: number;
  heads: number;
  kvHeads: number;
  queryLength: number;
  keyLength: number;
  causal: boolean;
  keyLengths: ArrayLike<number>;
}

/**
 * `align` > 0 enables query splitting, with block boundaries on multiples of `align`;
 * 0 keeps every head whole. Returns tasks, each a list of variant calls.
 */
export function planTasks(call: PlanInput, threads: number, align: number): SubCall[][] {
  const units = call.batch * call.kvHeads;
  if (align <= 0 || units % threads === 0) return splitUnits(call, Math.min(threads, units));
  // units · pieces is then a multiple of threads: every worker gets the same work.
  const pieces = threads / gcd(units, threads);
  const tasks: SubCall[][] = [];
  for (let u = 0; u < units; u++) {
    const b = Math.floor(u / call.kvHeads);
    const g = u % call.kvHeads;
    for (const [i0, i1] of rowBlocks(call, b, pieces, align)) {
      const keyEnd = call.causal
        ? clamp(i1 + call.keyLength - call.queryLength, 0, call.keyLength)
        : call.keyLength;
      // Rows that see no key stay zero in the (zeroed) output: nothing to run.
      if (keyEnd === 0) continue;
      tasks.push([unitCall(call, b, g, 1, i0, i1, keyEnd)]);
    }
  }
  return tasks;
}

/** `parts` runs of consecutive units; a run that crosses a batch becomes one call per batch. */
function splitUnits(call: PlanInput, parts: number): SubCall[][] {
  const units = call.batch * call.kvHeads;
  const tasks: SubCall[][] = [];
  for (let p = 0; p < parts; p++) {
    let u = Math.floor((p * units) / parts);
    const end = Math.floor(((p + 1) * units) / parts);
    const calls: SubCall[] = [];
    while (u < end) {
      const b = Math.floor(u / call.kvHeads);
      const g = u % call.kvHeads;
      const n = Math.min(end - u, call.kvHeads - g);
      calls.push(unitCall(call, b, g, n, 0, call.queryLength, call.keyLength));
      u += n;
    }
    tasks.push(calls);
  }
  return tasks;
}

function unitCall(
  call: PlanInput,
  b: number,
  g: number,
  kvHeads: number,
  i0: number,
  i1: number,
  keyEnd: number,
): SubCall {
  const group = call.heads / call.kvHeads;
  return { b, head0: g * group, heads: kvHeads * group, kvHead0: g, kvHeads, i0, i1, keyEnd };
}

/**
 * Up to `pieces` row blocks [i0, i1) of equal work: a causal row i sees
 * min(keyLength, i + Nk − Nq + 1) keys, so later rows cost more and get shorter blocks. The work
 * of rows [0, r) is core's visiblePairCount (closed form), so a cut is a binary search.
 */
export function rowBlocks(
  call: PlanInput,
  b: number,
  pieces: number,
  align: number,
): [number, number][] {
  const nq = call.queryLength;
  const mask = {
    causal: call.causal,
    diagonal: call.keyLength - nq,
    keyLength: call.keyLengths[b],
  };
  const pairsBefore = (row: number) => visiblePairCount(row, call.keyLength, mask);
  const total = pairsBefore(nq);
  const cuts = [0];
  let row = 0;
  for (let p = 1; p < pieces; p++) {
    const target = (total * p) / pieces;
    // The last row r with pairsBefore(r) ≤ target (pairsBefore never decreases).
    let hi = nq;
    while (row < hi) {
      const mid = Math.ceil((row + hi) / 2);
      if (pairsBefore(mid) <= target) row = mid;
      else hi = mid - 1;
    }
    const cut = Math.min(nq, Math.round(row / align) * align);
    if (cut > cuts[cuts.length - 1] && cut < nq) cuts.push(cut);
  }
  cuts.push(nq);
  const blocks: [number, number][] = [];
  for (let j = 0; j + 1 < cuts.length; j++) blocks.push([cuts[j], cuts[j + 1]]);
  return blocks;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
