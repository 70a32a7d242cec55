/**
 * `createPool` for browsers: each worker is a module Web Worker running `worker-browser.js`
 * (whose URL the caller gives, since every bundler emits workers its own way). The page must
 * be cross-origin isolated (COOP same-origin, COEP require-corp), or `SharedArrayBuffer` does
 * not exist, and every spec module must be a URL the worker can fetch.
 *
 * @module @attnkit/pool/browser
 */
import { type AttentionPool, createPoolWith } from './pool.ts';
import type { ReplyMessage, SpawnWorker, TaskMessage, WorkerHandle } from './types.ts';

// `@attnkit/pool` starts worker_threads (Node only); browsers import this module alone.
export { PoolWorkerError, type WorkerFailure } from './errors.ts';
export type { AttentionPool } from './pool.ts';
export type { PoolVariantSpec, QuerySplit } from './types.ts';

// The slice of the Web Worker API used here (the package's lib settings ship no DOM types).
interface WorkerErrorEvent {
  /** An ErrorEvent's message; a worker whose script failed to load fires a plain Event. */
  readonly message?: string;
  preventDefault(): void;
}
interface WebWorker {
  postMessage(message: TaskMessage): void;
  addEventListener(type: 'message', listener: (event: { data: ReplyMessage }) => void): void;
  addEventListener(
    type: 'error' | 'messageerror',
    listener: (event: WorkerErrorEvent) => void,
  ): void;
  terminate(): void;
}
type WebWorkerConstructor = new (
  url: string | URL,
  options: { type: 'module'; name?: string },
) => WebWorker;
interface BrowserGlobals {
  Worker?: WebWorkerConstructor;
  navigator?: { hardwareConcurrency?: number };
}
const web = globalThis as BrowserGlobals;

/** The options of `createBrowserPool`: where the worker script is, and how many to start. */
export interface BrowserPoolOptions {
  /** Workers to start; default `navigator.hardwareConcurrency`. */
  threads?: number;
  /**
   * The module worker entry, `worker-browser.js` of this package as your bundler serves it,
   * e.g. `new URL('./worker-browser.js', import.meta.url)` beside a copy of it.
   */
  workerUrl: string | URL;
  /** Reject a call still running after this many ms and replace its workers. Default: none. */
  timeoutMs?: number;
}

/**
 * A pool of attention workers in a browser. `await pool.forward(spec, q, k, v, options)` equals
 * `variant.forward(q, k, v, options)` bit for bit; `await pool.close()` when done.
 */
export function createBrowserPool(options: BrowserPoolOptions): AttentionPool {
  return createPoolWith(spawnWebWorker(options.workerUrl), {
    threads: options.threads ?? Math.max(1, web.navigator?.hardwareConcurrency ?? 1),
    timeoutMs: options.timeoutMs,
  });
}

/**
 * Starts pool workers as module Web Workers. A Web Worker has no exit event: one that cannot
 * load, throws uncaught, or sends a reply that cannot be deserialized reports `error` or
 * `messageerror`, which the handle maps to `onError` (stopping the worker, which the pool now
 * counts as gone); `terminate()` reports `onExit(1)` itself, as worker_threads does, so a pool
 * that stops a stuck worker (timeoutMs) frees its slot.
 */
export function spawnWebWorker(workerUrl: string | URL): SpawnWorker {
  const Worker = web.Worker;
  if (!Worker) throw new Error('@attnkit/pool/browser: this runtime has no Web Worker');
  return (index) => {
    const worker = new Worker(workerUrl, { type: 'module', name: `attnkit-pool-${index}` });
    const errorListeners: ((error: Error) => void)[] = [];
    const exitListeners: ((code: number) => void)[] = [];
    let alive = true;
    const crash = (event: WorkerErrorEvent, what: string) => {
      event.preventDefault();
      if (!alive) return;
      alive = false;
      worker.terminate();
      const error = new Error(event.message ? `${what}: ${event.message}` : what);
      for (const listener of errorListeners) listener(error);
    };
    worker.addEventListener('error', (event) =>
      crash(event, `web worker ${String(workerUrl)} failed to load or threw uncaught`),
    );
    worker.addEventListener('messageerror', (event) =>
      crash(event, 'a reply from the web worker could not be deserialized'),
    );
    const handle: WorkerHandle = {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
      onError: (listener) => {
        errorListeners.push(listener);
      },
      onExit: (listener) => {
        exitListeners.push(listener);
      },
      terminate: async () => {
        if (!alive) return;
        alive = false;
        worker.terminate();
        for (const listener of exitListeners) listener(1);
      },
    };
    return handle;
  };
}
