/**
 * The pool's public types and its wire protocol (b h n d: batch, heads, length, head dim).
 * Everything that crosses to a worker is structured-cloneable: numbers, strings, plain
 * objects and SharedArrayBuffers — no functions, so a variant travels as a spec the
 * worker can import, never as an object.
 */
import type { ScoreBias } from '@attnkit/core';

/**
 * Where a worker finds a variant: it runs `await import(module)`, takes `exports[export]`
 * (a factory `(config) => AttentionVariant` or a `VariantDefinition` with `create`) and
 * calls it with `config`. `module` must be importable from the worker: pass an absolute
 * URL, e.g. `import.meta.resolve('@attnkit/full')` or `new URL('./my-variant.ts', import.meta.url)`.
 */
export interface PoolVariantSpec {
  module: string | URL;
  /** Export name; default 'default'. */
  export?: string;
  /** Passed to the factory; must be structured-cloneable (JSON-like). */
  config?: Record<string, unknown>;
  /**
   * Overrides the variant's own `traits.querySplit` capability (see `QuerySplit`). Assert it
   * only for exact variants whose mask depends on causal and padding alone (full, chunked).
   */
  querySplit?: QuerySplit;
}

/**
 * Capability: the variant may run query rows [i0, i1) of a head as their own call, with keys
 * [0, Nk − Nq + i1) when causal (all keys otherwise) and the same result bit for bit. True
 * when its mask depends only on causal and padding. `align` is the row granularity the
 * variant tiles by (its query block), so a split never changes how rows are grouped into
 * tiles; default: `config.queryBlock` when that is an integer, else 64.
 */
export type QuerySplit = boolean | { align?: number };

/** A tensor's place in shared memory: `length` floats at `byteOffset` of `buffer`. */
export interface SharedSlab {
  buffer: SharedArrayBuffer;
  byteOffset: number;
  length: number;
}

/**
 * One variant call a task makes: q heads [head0, head0 + heads) of batch b with kv heads
 * [kvHead0, kvHead0 + kvHeads), query rows [i0, i1), keys [0, keyEnd).
 */
export interface SubCall {
  b: number;
  head0: number;
  heads: number;
  kvHead0: number;
  kvHeads: number;
  i0: number;
  i1: number;
  keyEnd: number;
}

/** Sizes of the whole call, as the worker needs them to find rows in the shared slabs. */
export interface CallLayout {
  batch: number;
  heads: number;
  kvHeads: number;
  queryLength: number;
  keyLength: number;
  headDim: number;
  valueDim: number;
  causal: boolean;
  scale: number;
  keyLengths: number[];
  /** ALiBi slopes or a relative-position table for all `heads` (typed arrays clone across). */
  scoreBias?: TableBias;
}

/** The score biases that are data, not code: they can travel to a worker. */
export type TableBias = Exclude<ScoreBias, { kind: 'function' }>;

/**
 * What the pool posts to a worker: the variant to load, where q, k, v and the output live in
 * shared memory, and the sub-calls to run. Exported for custom workers that call `runTask`.
 */
export interface TaskMessage {
  type: 'task';
  id: number;
  spec: { module: string; export: string; config: Record<string, unknown> };
  layout: CallLayout;
  q: SharedSlab;
  k: SharedSlab;
  v: SharedSlab;
  out: SharedSlab;
  calls: SubCall[];
}

/** An error as it crosses back; AttentionError fields survive so the caller can switch on `code`. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  argument?: string;
  expected?: string;
  received?: string;
}

/** What a worker posts back for one task: done, or the error it threw, in cloneable form. */
export type ReplyMessage =
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; error: WireError };

/**
 * What the pool needs of a worker, whatever runs it (worker_threads, Web Worker). `onExit`
 * fires once when the worker is gone for any reason, `onError` for an uncaught error in it.
 */
export interface WorkerHandle {
  /** Sends one task; the pool never posts to a worker that is busy. */
  post(message: TaskMessage): void;
  /** Registers the listener for the worker's replies. */
  onMessage(listener: (message: ReplyMessage) => void): void;
  /** Registers the listener for an error thrown in the worker outside a task's try. */
  onError(listener: (error: Error) => void): void;
  /** Registers the listener for the worker's end, whatever the cause; fires once. */
  onExit(listener: (code: number) => void): void;
  /** Stops the worker; the pool then starts a fresh one in its slot. */
  terminate(): Promise<void>;
  /** Keep the process alive while busy (Node's ref/unref); optional. */
  setBusy?(busy: boolean): void;
}

/** Starts worker number `index`. */
export type SpawnWorker = (index: number) => WorkerHandle;
