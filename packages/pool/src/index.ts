/**
 * A worker pool that runs any attnkit variant across cores (worker_threads), with results bit
 * for bit equal to `variant.forward` and a typed error for a worker that fails. Browsers import
 * `@attnkit/pool/browser`.
 *
 * @module @attnkit/pool
 */
export { PoolWorkerError, type WorkerFailure } from './errors.ts';
export { createPool, type PoolOptions } from './node-pool.ts';
export { planTasks } from './plan.ts';
export { type AttentionPool, createPoolWith, type PoolCoreOptions } from './pool.ts';
export type {
  PoolVariantSpec,
  QuerySplit,
  ReplyMessage,
  SpawnWorker,
  SubCall,
  TaskMessage,
  WorkerHandle,
} from './types.ts';
export { runTask } from './worker-core.ts';
