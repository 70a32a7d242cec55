import type { Tensor } from '@attnkit/core';

/** The workloads `makeWorkload` generates; `WORKLOADS` says what each measures. */
export type WorkloadName =
  | 'random'
  | 'entropy'
  | 'local'
  | 'sinks'
  | 'induction'
  | 'clustered'
  | 'retrieval'
  | 'mixture';

/** The sizes and seed of a workload; shapes follow the attention contract (b h n d). */
export interface WorkloadParams {
  queryLength: number;
  /** Default queryLength; queries sit at the last queryLength positions (bottom-right). */
  keyLength?: number;
  batch?: number;
  heads?: number;
  /** Default heads; the query heads of a group share their kv head's structure. */
  kvHeads?: number;
  headDim: number;
  valueDim?: number;
  causal: boolean;
  seed: number;
  /** The workload's knob (see WORKLOADS); default its documented default. */
  knob?: number;
}

/** Generated q, k, v with the workload's structure, and the dependencies it planted. */
export interface Workload {
  name: WorkloadName;
  /** [B, H, Nq, D] */
  q: Tensor;
  /** [B, Hkv, Nk, D] */
  k: Tensor;
  /** [B, Hkv, Nk, Dv], unit normal. */
  v: Tensor;
  /**
   * Planted dependencies, the same positions in every batch and kv head: query i (0 ≤ i < Nq)
   * depends on key planted.key[p] (0 ≤ key < Nk).
   */
  planted?: { query: Int32Array; key: Int32Array };
  knob: { name: string; value: number };
  description: string;
  /** What the generator was called with, defaults filled in. */
  params: Required<WorkloadParams>;
}

/** A generator fills the q and k of one (batch, kv head) stream over Nk positions. */
export interface Stream {
  /** Nk × D: row p is the query a token at position p would issue. */
  q: Float32Array;
  /** Nk × D */
  k: Float32Array;
  n: number;
  d: number;
}
