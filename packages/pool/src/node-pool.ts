/** `createPool` for Node: worker_threads workers, one per core by default. */

import type { ResourceLimits } from 'node:worker_threads';
import { type AttentionPool, createPoolWith } from './pool.ts';
import { defaultThreads, nodeWorkers } from './spawn-node.ts';

/** The options of Node's `createPool`: how many workers, and the limits that keep one from hanging or exhausting the process. */
export interface PoolOptions {
  /** Workers to start; default: the cores this process may use. */
  threads?: number;
  /** Reject a call still running after this many ms and replace its workers. Default: none. */
  timeoutMs?: number;
  /**
   * Each worker's heap limits (worker_threads `resourceLimits`). A worker that passes them is
   * stopped, its call rejects with `MEMORY_BUDGET` and a fresh worker takes its place. Default: Node's.
   */
  resourceLimits?: ResourceLimits;
}

/**
 * A pool of attention workers. `await pool.forward(spec, q, k, v, options)` equals
 * `variant.forward(q, k, v, options)` bit for bit; `await pool.close()` when done.
 */
export function createPool(options: PoolOptions = {}): AttentionPool {
  return createPoolWith(nodeWorkers(options.resourceLimits), {
    threads: options.threads ?? defaultThreads(),
    timeoutMs: options.timeoutMs,
  });
}
