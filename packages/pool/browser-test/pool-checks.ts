/**
 * The checks of the Web Worker pool, bundled as the page script that run.mjs opens in Chromium.
 * The page exposes `attnkitPoolChecks()`, which runs every check in turn and returns one result
 * per check (it never throws; a check that hangs fails after its time limit). The variants
 * (`full.js`, `chunked.js`) and the fixtures are separate ES modules the page and the workers
 * import by URL; the main thread runs only the js backend (browser main threads refuse
 * synchronous wasm compiles above a size limit: 8 MB in Chromium 156, 4 KB in older engines).
 */
import { AttentionError, type AttentionVariant, randn, type Tensor } from '@attnkit/core';
import {
  type AttentionPool,
  createBrowserPool,
  PoolWorkerError,
  type WorkerFailure,
} from '../src/browser.ts';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

interface PageGlobals {
  crossOriginIsolated?: boolean;
  location: { href: string };
  navigator: { hardwareConcurrency: number };
  Worker: new (
    url: string,
    options: { type: 'module' },
  ) => {
    onmessage: ((event: { data: string[] }) => void) | null;
    onerror: ((event: { message?: string }) => void) | null;
    terminate(): void;
  };
  attnkitPoolChecks?: () => Promise<CheckResult[]>;
}
const page = globalThis as unknown as PageGlobals;
const url = (path: string) => new URL(path, page.location.href).href;
const workerUrl = url('/worker-browser.js');
const VARIANTS = [
  { name: 'full', module: url('/full.js') },
  { name: 'chunked', module: url('/chunked.js') },
];
const misbehavingModule = url('/misbehaving-variant.js');

type Factory = (config: Record<string, unknown>) => AttentionVariant;
async function mainThreadVariant(module: string, name: string): Promise<AttentionVariant> {
  const exports = (await import(/* @vite-ignore */ module)) as Record<string, Factory>;
  return exports[name]({ backend: 'js' });
}

function inputs(shape: number[], seed: number): [Tensor, Tensor, Tensor] {
  return [randn(shape, seed), randn(shape, seed + 1), randn(shape, seed + 2)];
}

/** How many floats differ in their bits (NaN payloads and −0 included); −1 on a length mismatch. */
function bitsDiffering(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return -1;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return a.length === b.length ? max : Number.POSITIVE_INFINITY;
}

/**
 * Throws unless `run` rejects with a message matching `pattern` — and, given `reason`, with a
 * typed PoolWorkerError of that reason; returns that message.
 */
async function rejection(
  run: () => Promise<unknown>,
  pattern: RegExp,
  reason?: WorkerFailure,
): Promise<string> {
  let settled: string;
  try {
    await run();
    settled = 'resolved';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const typed = !reason || (error instanceof PoolWorkerError && error.reason === reason);
    if (pattern.test(message) && typed) return message;
    settled = `rejected with "${message}" (${error instanceof PoolWorkerError ? `PoolWorkerError ${error.reason}` : 'not a PoolWorkerError'})`;
  }
  throw new Error(`expected a rejection matching ${pattern}, but it ${settled}`);
}

/** Throws unless pool output and the main thread's forward agree bit for bit. */
async function expectSame(
  pool: AttentionPool,
  variant: { name: string; module: string },
  shape: number[],
  causal: boolean,
  seed: number,
): Promise<string> {
  const [q, k, v] = inputs(shape, seed);
  const reference = (await mainThreadVariant(variant.module, variant.name)).forward(q, k, v, {
    causal,
  });
  const spec = {
    module: variant.module,
    export: variant.name,
    config: { backend: 'js' },
    querySplit: true,
  };
  const got = await pool.forward(spec, q, k, v, { causal });
  if (got.shape.join() !== reference.shape.join())
    throw new Error(`shape [${got.shape}] vs forward [${reference.shape}]`);
  if (!(got.data.buffer instanceof SharedArrayBuffer))
    throw new Error('the pool output does not live on a SharedArrayBuffer');
  if (!reference.data.some((x) => x !== 0)) throw new Error('forward returned all zeros');
  const differing = bitsDiffering(got.data, reference.data);
  if (differing !== 0) throw new Error(`${differing} of ${got.data.length} floats differ`);
  return `${got.data.length} floats bit-identical`;
}

/** The kernel backends a module worker of this page can run, fastest first. */
function workerBackends(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new page.Worker(url('/backend-probe.js'), { type: 'module' });
    worker.onmessage = (event) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`backend probe worker failed: ${event.message ?? 'did not load'}`));
    };
  });
}

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (hung)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runChecks(): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = async (name: string, run: () => Promise<string>, ms = 30_000) => {
    try {
      results.push({ name, ok: true, detail: await within(ms, run()) });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      results.push({ name, ok: false, detail });
    }
  };

  await check('(a) the page is cross-origin isolated', async () => {
    if (page.crossOriginIsolated !== true)
      throw new Error(`crossOriginIsolated is ${page.crossOriginIsolated}`);
    if (typeof SharedArrayBuffer !== 'function') throw new Error('SharedArrayBuffer is missing');
    return 'crossOriginIsolated === true, SharedArrayBuffer exists';
  });

  await check('default threads = navigator.hardwareConcurrency', async () => {
    const pool = createBrowserPool({ workerUrl });
    const { threads } = pool;
    await pool.close();
    const cores = page.navigator.hardwareConcurrency;
    if (threads !== cores) throw new Error(`threads ${threads}, hardwareConcurrency ${cores}`);
    return `threads ${threads}`;
  });

  const pool = createBrowserPool({ threads: 2, workerUrl, timeoutMs: 20_000 });
  // B·H = 8 splits by heads; one long head splits by query rows (querySplit).
  const SHAPES = [
    [2, 4, 257, 64],
    [1, 1, 1000, 64],
  ];
  let seed = 1;
  for (const variant of VARIANTS)
    for (const shape of SHAPES)
      for (const causal of [false, true]) {
        const inputSeed = seed;
        seed += 3;
        await check(
          `(b) ${variant.name} [${shape}] ${causal ? 'causal' : 'non-causal'}: pool (2 workers, js) = forward`,
          () => expectSame(pool, variant, shape, causal, inputSeed),
        );
      }

  await check(
    '(c) full and chunked on the wasm backend in the workers: |pool − js forward| ≤ 1e-5',
    async () => {
      const names = await workerBackends();
      const details: string[] = [];
      for (const variant of VARIANTS) {
        const [q, k, v] = inputs([2, 4, 257, 64], 100);
        const reference = (await mainThreadVariant(variant.module, variant.name)).forward(q, k, v, {
          causal: true,
        });
        const spec = { module: variant.module, export: variant.name, config: { backend: 'wasm' } };
        const got = await pool.forward(spec, q, k, v, { causal: true });
        const diff = maxAbsDiff(got.data, reference.data);
        if (!(diff <= 1e-5)) throw new Error(`${variant.name}: max |diff| ${diff}`);
        details.push(`${variant.name} max |diff| ${diff.toExponential(2)}`);
      }
      return `${details.join(', ')}; worker backends: ${names.join(', ')}`;
    },
  );

  const shape = [1, 2, 64, 16];
  const [q, k, v] = inputs(shape, 7);
  const misbehave = (fail: string) => ({
    module: misbehavingModule,
    export: 'misbehaving',
    config: { fail },
  });
  const stillWorks = () => expectSame(pool, VARIANTS[0], [2, 4, 257, 64], true, 50);

  await check('(d) a spec module that 404s rejects the call', () =>
    rejection(
      () => pool.forward({ module: url('/no-such-variant.js'), export: 'full' }, q, k, v),
      /no-such-variant\.js/,
    ),
  );
  await check(
    '(d) a factory that throws in the worker rejects with its message; pool still works',
    async () => {
      const message = await rejection(
        () => pool.forward(misbehave('throw'), q, k, v),
        /factory threw in a worker/,
        'threw',
      );
      return `"${message}"; then ${await stillWorks()}`;
    },
  );
  await check(
    '(d) a worker whose reply cannot be posted (uncaught error) rejects; pool still works',
    async () => {
      const message = await rejection(
        () => pool.forward(misbehave('uncloneable'), q, k, v),
        /threw uncaught/,
        'threw',
      );
      return `"${message}"; then ${await stillWorks()}`;
    },
  );
  await check(
    '(d) a worker stuck in a loop: timeoutMs rejects, the worker is replaced',
    async () => {
      const stuck = createBrowserPool({ threads: 1, workerUrl, timeoutMs: 1000 });
      try {
        const message = await rejection(
          () => stuck.forward(misbehave('hang'), q, k, v),
          /timeoutMs 1000/,
          'timeout',
        );
        return `"${message}"; then ${await expectSame(stuck, VARIANTS[1], shape, false, 60)}`;
      } finally {
        await stuck.close();
      }
    },
  );
  await check(
    '(d) a worker script that fails to load rejects the call; the pool closes',
    async () => {
      const broken = createBrowserPool({ threads: 2, workerUrl: url('/no-such-worker.js') });
      const spec = { module: VARIANTS[0].module, export: 'full', config: { backend: 'js' } };
      const message = await rejection(
        () => broken.forward(spec, q, k, v),
        /failed to load/,
        'threw',
      );
      await broken.close();
      return `"${message}"`;
    },
  );

  await check('(e) close(): a pending call and a later call reject (UNSUPPORTED)', async () => {
    const [bq, bk, bv] = inputs([2, 4, 1000, 64], 70);
    const spec = { module: VARIANTS[0].module, export: 'full', config: { backend: 'js' } };
    const pending = pool.forward(spec, bq, bk, bv);
    // The call imports its variant before it queues; let it reach the workers, then close.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pool.close();
    const unsupported = /closed pool/;
    const first = await rejection(() => pending, unsupported);
    const later = await rejection(() => pool.forward(spec, q, k, v), unsupported);
    const error = await pool.forward(spec, q, k, v).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof AttentionError) || error.code !== 'UNSUPPORTED')
      throw new Error(`expected an AttentionError UNSUPPORTED, got ${String(error)}`);
    return `pending: "${first}"; later: "${later}" (AttentionError ${error.code})`;
  });
  return results;
}

page.attnkitPoolChecks = runChecks;
