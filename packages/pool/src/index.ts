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
