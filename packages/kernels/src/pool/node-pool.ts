/** `createPool` for Node: worker_threads workers, one per core by default. */
import { type AttentionPool, createPoolWith } from './pool.ts';
import { defaultThreads, spawnNodeWorker } from './spawn-node.ts';

export interface PoolOptions {
  /** Workers to start; default: the cores this process may use. */
  threads?: number;
  /** Reject a call still running after this many ms and replace its workers. Default: none. */
  timeoutMs?: number;
}

/**
 * A pool of attention workers. `await pool.forward(spec, q, k, v, options)` equals
 * `variant.forward(q, k, v, options)` bit for bit; `await pool.close()` when done.
 */
export function createPool(options: PoolOptions = {}): AttentionPool {
  return createPoolWith(spawnNodeWorker, {
    threads: options.threads ?? defaultThreads(),
    timeoutMs: options.timeoutMs,
  });
}
