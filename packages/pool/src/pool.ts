/**
 * The attention pool (b h n d): copies q, k, v once into shared memory, cuts the call into
 * tasks (plan.ts), hands them to idle workers, and resolves when every task has written its
 * rows of the shared output. Runtime-neutral: workers come from a `SpawnWorker`.
 */
import {
  AttentionError,
  type AttentionOptions,
  type AttentionVariant,
  configInteger,
  type Tensor,
  validateCall,
} from '@attnkit/core';
import { isOutOfMemory, PoolWorkerError } from './errors.ts';
import { loadVariant } from './load-variant.ts';
import { planTasks } from './plan.ts';
import type {
  CallLayout,
  PoolVariantSpec,
  QuerySplit,
  ReplyMessage,
  SpawnWorker,
  SubCall,
  TaskMessage,
  WorkerHandle,
} from './types.ts';
import { fromWire, share, wireSpec } from './wire.ts';

/**
 * A running pool. It holds worker threads: call `close()` when done, or the process stays alive
 * while any worker is busy.
 */
export interface AttentionPool {
  /** Workers the pool runs (each call is cut into at most this many tasks at a time). */
  readonly threads: number;
  /** The variant's `forward` on the pool: same result, bit for bit; output on shared memory. */
  forward(
    spec: PoolVariantSpec,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    options?: AttentionOptions,
  ): Promise<Tensor>;
  /** Stops every worker; pending and later calls reject. */
  close(): Promise<void>;
}

interface Call {
  left: number;
  failed: boolean;
  resolve(): void;
  reject(error: Error): void;
}
interface Job {
  call: Call;
  message: TaskMessage;
}
interface Slot {
  handle: WorkerHandle | null;
  job: Job | null;
}

/** The runtime-neutral options `createPoolWith` takes. */
export interface PoolCoreOptions {
  /** Workers to start (1 … 1024). */
  threads: number;
  /**
   * A call still running after this many ms rejects, and the workers running its tasks are
   * stopped and replaced (a variant stuck in a loop cannot hang the caller). Default: none.
   */
  timeoutMs?: number;
}

/**
 * A pool on workers of your own (`spawn` starts one): for runtimes other than Node and browsers,
 * or workers a bundler emits. `createPool` (Node) and `createBrowserPool` are this with their
 * own `spawn`.
 */
export function createPoolWith(spawn: SpawnWorker, options: PoolCoreOptions): AttentionPool {
  const threads = configInteger(options.threads, 'pool threads', 1, 1, 1024);
  const timeoutMs = configInteger(options.timeoutMs, 'pool timeoutMs', 0, 1);
  const slots: Slot[] = Array.from({ length: threads }, () => ({ handle: null, job: null }));
  const queue: Job[] = [];
  let closed = false;
  let nextId = 0;

  const fail = (call: Call, error: Error) => {
    if (call.failed) return;
    call.failed = true;
    for (let j = queue.length - 1; j >= 0; j--) if (queue[j].call === call) queue.splice(j, 1);
    call.reject(error);
  };

  const start = (index: number): WorkerHandle => {
    const handle = spawn(index);
    const slot = slots[index];
    let gone = false;
    // A crash reports through 'error' then 'exit'; the first one fails the task.
    const die = (error: Error) => {
      if (gone) return;
      gone = true;
      if (slot.handle === handle) slot.handle = null;
      const job = slot.job;
      slot.job = null;
      if (job) fail(job.call, error);
      pump();
    };
    handle.onMessage((reply: ReplyMessage) => {
      const job = slot.job;
      if (!job || job.message.id !== reply.id) return;
      slot.job = null;
      handle.setBusy?.(false);
      if (reply.type === 'error') fail(job.call, fromWire(reply.error, index));
      else if (--job.call.left === 0 && !job.call.failed) job.call.resolve();
      pump();
    });
    handle.onError((error) =>
      die(
        isOutOfMemory(error)
          ? new PoolWorkerError('out-of-memory', index, `out of memory: ${error.message}`, error)
          : new PoolWorkerError('threw', index, `an uncaught error: ${error.message}`, error),
      ),
    );
    handle.onExit((code) =>
      die(new PoolWorkerError('exited', index, `exited (code ${code}) during a task`)),
    );
    return handle;
  };

  const pump = () => {
    if (closed) return;
    for (let i = 0; i < slots.length && queue.length > 0; i++) {
      const slot = slots[i];
      if (slot.job) continue;
      const job = queue.shift()!;
      try {
        slot.handle ??= start(i);
        slot.job = job;
        slot.handle.setBusy?.(true);
        slot.handle.post(job.message);
      } catch (error) {
        // A worker that cannot start (or a message that cannot be sent) fails its call only.
        slot.job = null;
        const message = error instanceof Error ? error.message : String(error);
        fail(
          job.call,
          new PoolWorkerError('threw', i, `a failed start or post: ${message}`, error),
        );
      }
    }
  };

  for (let i = 0; i < threads; i++) slots[i].handle = start(i);

  const forward = async (
    spec: PoolVariantSpec,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    options?: AttentionOptions,
  ): Promise<Tensor> => {
    if (closed) throw closedError();
    const wire = wireSpec(spec);
    const variant = await loadVariant(wire);
    const call = validateCall(q, k, v, options, variant.traits, variant.name);
    const bias = call.scoreBias;
    if (bias?.kind === 'function') {
      throw new AttentionError(
        'UNSUPPORTED',
        'options.scoreBias',
        'an ALiBi or relative-position table (a bias function cannot cross to a worker)',
        "{ kind: 'function' }",
        'pass alibi(), t5Bias() or shawBias(), or call variant.forward',
      );
    }
    const { batch: B, heads: H, queryLength: Nq, valueDim: Dv } = call.shape;
    const layout: CallLayout = {
      ...call.shape,
      causal: call.causal,
      scale: call.scale,
      keyLengths: Array.from(call.keyLengths),
      ...(bias ? { scoreBias: bias } : {}),
    };
    const out = share(new Float32Array(new SharedArrayBuffer(4 * B * H * Nq * Dv)));
    const tasks = planTasks(
      { ...call.shape, causal: call.causal, keyLengths: call.keyLengths },
      threads,
      // A row block of a causal call sees keys [0, Nk − Nq + i1): its bottom-right alignment puts
      // every query and key where the whole call does, so a bias stays right. Without causal the
      // block would see all Nk keys and shift by Nq − i1: biased calls then split by heads only.
      bias && !call.causal ? 0 : splitAlign(spec.querySplit, variant),
    );
    const base = {
      type: 'task',
      spec: wire,
      layout,
      q: share(q.data),
      k: share(k.data),
      v: share(v.data),
      out,
    } as const;
    if (closed) throw closedError();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((resolve, reject) => {
      const job: Call = { left: tasks.length, failed: false, resolve, reject };
      if (tasks.length === 0) resolve();
      for (const calls of tasks)
        queue.push({ call: job, message: { ...base, id: nextId++, calls: calls as SubCall[] } });
      if (timeoutMs > 0)
        timer = setTimeout(() => {
          fail(
            job,
            new PoolWorkerError('timeout', -1, `a call still running after timeoutMs ${timeoutMs}`),
          );
          // Their exit frees the slots; the next task starts a fresh worker.
          for (const slot of slots) if (slot.job?.call === job) slot.handle?.terminate();
        }, timeoutMs);
      pump();
    }).finally(() => clearTimeout(timer));
    return { data: new Float32Array(out.buffer, 0, out.length), shape: [B, H, Nq, Dv] };
  };

  const close = async () => {
    if (closed) return;
    closed = true;
    const error = closedError();
    for (const job of queue.splice(0)) fail(job.call, error);
    await Promise.all(
      slots.map(async (slot) => {
        const { handle, job } = slot;
        slot.handle = null;
        slot.job = null;
        if (job) fail(job.call, error);
        if (handle) await handle.terminate();
      }),
    );
  };

  return { threads, forward, close };
}

/** Query splitting's row granularity, or 0 where the variant cannot be split by rows. */
function splitAlign(override: QuerySplit | undefined, variant: AttentionVariant): number {
  const declared = variant.traits.querySplit;
  const split = override ?? declared ?? false;
  if (split === false) return 0;
  const t = variant.traits;
  if (!t.exact || !t.crossAttention) {
    throw new AttentionError(
      'UNSUPPORTED',
      'pool spec querySplit',
      'an exact variant with cross-attention (Nq != Nk)',
      `${variant.name} (exact: ${t.exact}, crossAttention: ${t.crossAttention})`,
    );
  }
  const block = variant.config.queryBlock;
  const fallback = Number.isInteger(block) && (block as number) > 0 ? (block as number) : 64;
  const align = typeof split === 'object' ? split.align : undefined;
  return configInteger(align, 'pool spec querySplit.align', fallback);
}

const closedError = () =>
  new AttentionError('UNSUPPORTED', 'pool', 'an open pool', 'a closed pool', 'create a new pool');
