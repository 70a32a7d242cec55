/**
 * Starts pool workers with worker_threads. From built JS the worker is `worker-node.js` beside
 * this file; from TypeScript sources (vitest, tsx) it is `worker-node.ts`, which Node 20 cannot
 * run alone, so it is loaded through tsx with the `@attnkit/source` condition.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { ReplyMessage, SpawnWorker, WorkerHandle } from './types.ts';

const fromSource = import.meta.url.endsWith('.ts');

/** tsx's ESM API as an absolute URL, so the worker finds it whatever the current directory. */
function tsxApi(): string {
  try {
    // resolve('tsx/esm/api') would give its CommonJS build; the ESM one sits beside it.
    const root = createRequire(import.meta.url).resolve('tsx/package.json');
    return pathToFileURL(root.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  } catch {
    throw new Error(
      '@attnkit/pool: running from TypeScript sources needs tsx (npm i -D tsx), or build',
    );
  }
}

/** Worker_threads workers, each under `resourceLimits` if given (a heap cap makes OOM a typed error). */
export const nodeWorkers =
  (resourceLimits?: ResourceLimits): SpawnWorker =>
  (index) => {
    // Node 20 applies neither --import nor the parent's hooks to a worker's entry: from sources,
    // a .mjs entry loads the TypeScript worker through tsx's tsImport.
    const worker = fromSource
      ? new Worker(new URL('./worker-source.mjs', import.meta.url), {
          name: `attnkit-pool-${index}`,
          execArgv: ['--conditions=@attnkit/source'],
          workerData: { tsxApi: tsxApi() },
          resourceLimits,
        })
      : new Worker(new URL('./worker-node.js', import.meta.url), {
          name: `attnkit-pool-${index}`,
          resourceLimits,
        });
    // An idle pool must not keep the process alive; a worker is ref'd while it runs a task.
    worker.unref();
    const handle: WorkerHandle = {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', (m: ReplyMessage) => listener(m)),
      onError: (listener) => worker.on('error', listener),
      onExit: (listener) => worker.on('exit', listener),
      terminate: async () => {
        await worker.terminate();
      },
      setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
    };
    return handle;
  };

export const spawnNodeWorker: SpawnWorker = nodeWorkers();

export const defaultThreads = (): number => Math.max(1, availableParallelism());
