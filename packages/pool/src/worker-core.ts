/**
 * What a worker does with a task, free of any runtime API so that a worker_threads entry and
 * a Web Worker entry can share it (b h n d). Each variant call reads its rows of q, k, v from
 * the shared slabs — views when the rows are contiguous, one copy when they are not — runs
 * the variant's own synchronous `forward`, and writes its rows into the shared output.
 */
import type { AttentionVariant } from '@attnkit/core';
import { loadVariant } from './load-variant.ts';
import type {
  CallLayout,
  ReplyMessage,
  SharedSlab,
  SubCall,
  TableBias,
  TaskMessage,
  WireError,
} from './types.ts';

/**
 * Runs one task inside a worker: loads the variant (cached per spec), runs its sub-calls on views
 * of shared memory and writes the rows of the output. Never rejects: a failure becomes an error
 * reply, so the pool always hears back. For custom worker entries.
 */
export async function runTask(message: TaskMessage): Promise<ReplyMessage> {
  try {
    const variant = await loadVariant(message.spec);
    const q = view(message.q);
    const k = view(message.k);
    const v = view(message.v);
    const out = view(message.out);
    for (const call of message.calls) runCall(variant, message.layout, call, q, k, v, out);
    return { type: 'done', id: message.id };
  } catch (error) {
    return { type: 'error', id: message.id, error: toWire(error) };
  }
}

function runCall(
  variant: AttentionVariant,
  L: CallLayout,
  c: SubCall,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  out: Float32Array,
): void {
  const rows = c.i1 - c.i0;
  const qRows = gather(
    q,
    (c.b * L.heads + c.head0) * L.queryLength,
    c.heads,
    L.queryLength,
    c.i0,
    rows,
    L.headDim,
  );
  const kvHead = c.b * L.kvHeads + c.kvHead0;
  const kRows = gather(k, kvHead * L.keyLength, c.kvHeads, L.keyLength, 0, c.keyEnd, L.headDim);
  const vRows = gather(v, kvHead * L.keyLength, c.kvHeads, L.keyLength, 0, c.keyEnd, L.valueDim);
  const result = variant.forward(
    { data: qRows, shape: [1, c.heads, rows, L.headDim] },
    { data: kRows, shape: [1, c.kvHeads, c.keyEnd, L.headDim] },
    { data: vRows, shape: [1, c.kvHeads, c.keyEnd, L.valueDim] },
    {
      causal: L.causal,
      scale: L.scale,
      keyLengths: Int32Array.of(Math.min(L.keyLengths[c.b], c.keyEnd)),
      ...(L.scoreBias ? { scoreBias: headsOf(L.scoreBias, c.head0, c.heads) } : {}),
    },
  );
  const oHead = (c.b * L.heads + c.head0) * L.queryLength;
  for (let h = 0; h < c.heads; h++) {
    const from = h * rows * L.valueDim;
    out.set(
      result.data.subarray(from, from + rows * L.valueDim),
      (oHead + h * L.queryLength + c.i0) * L.valueDim,
    );
  }
}

/**
 * The bias of q heads [head0, head0 + heads): a sub-call numbers its heads from 0. Positions
 * need no change: biased calls are cut into row blocks only when causal, where a block's
 * bottom-right alignment keeps every position where the whole call has it.
 */
function headsOf(bias: TableBias, head0: number, heads: number): TableBias {
  if (bias.kind === 'alibi')
    return { kind: 'alibi', slopes: bias.slopes.subarray(head0, head0 + heads) };
  const row = 2 * bias.maxDistance + 1;
  return {
    kind: 'relative',
    maxDistance: bias.maxDistance,
    table: bias.table.subarray(head0 * row, (head0 + heads) * row),
  };
}

/**
 * Rows [r0, r0 + rows) of `heads` consecutive heads of `length` rows each, starting at row
 * `headRow0` of the slab: a view when that is one contiguous run, else a packed copy.
 */
function gather(
  src: Float32Array,
  headRow0: number,
  heads: number,
  length: number,
  r0: number,
  rows: number,
  width: number,
): Float32Array {
  if (heads === 1 || (r0 === 0 && rows === length)) {
    const start = (headRow0 + r0) * width;
    return src.subarray(start, start + (heads === 1 ? rows : heads * length) * width);
  }
  const dst = new Float32Array(heads * rows * width);
  for (let h = 0; h < heads; h++) {
    const start = (headRow0 + h * length + r0) * width;
    dst.set(src.subarray(start, start + rows * width), h * rows * width);
  }
  return dst;
}

const view = (s: SharedSlab) => new Float32Array(s.buffer, s.byteOffset, s.length);

function toWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const e = error as Error & Partial<Record<'code' | 'argument' | 'expected' | 'received', string>>;
  return {
    name: e.name,
    message: e.message,
    stack: e.stack,
    code: e.code,
    argument: e.argument,
    expected: e.expected,
    received: e.received,
  };
}
