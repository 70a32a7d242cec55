/**
 * The typed errors a pool call rejects with when a worker, not the input, is at fault. They are
 * `AttentionError`s (callers switch on `code` as for any refusal) with the worker and the reason:
 * out of memory is `MEMORY_BUDGET`; a worker that threw, exited or overran `timeoutMs` is
 * `UNSUPPORTED` (the call cannot be served by that worker). The pool replaces the worker and
 * serves the next call.
 */
import { AttentionError } from '@attnkit/core';

/** Why a worker failed a call, for callers that retry some failures (a timeout) and not others. */
export type WorkerFailure = 'threw' | 'exited' | 'out-of-memory' | 'timeout';

/** A pool call's failure caused by a worker, not by the input: `reason` says how, `worker` which. */
export class PoolWorkerError extends AttentionError {
  readonly reason: WorkerFailure;
  /** The pool slot of the worker, or -1 when the call failed across several. */
  readonly worker: number;

  constructor(reason: WorkerFailure, worker: number, received: string, cause?: unknown) {
    super(
      reason === 'out-of-memory' ? 'MEMORY_BUDGET' : 'UNSUPPORTED',
      worker >= 0 ? `attnkit pool worker ${worker}` : 'attnkit pool call',
      reason === 'timeout'
        ? 'a call that completes within timeoutMs'
        : 'a worker that completes its task',
      received,
      reason === 'out-of-memory'
        ? 'the task needs more memory than the worker may use: smaller inputs, or a larger resourceLimits'
        : 'the pool replaced the worker; later calls are served',
    );
    this.reason = reason;
    this.worker = worker;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

/** Node reports a worker killed by its heap limit with this code (worker_threads). */
export const isOutOfMemory = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY' ||
  /out of memory|allocation failed/i.test(String((error as Error | null)?.message ?? ''));
