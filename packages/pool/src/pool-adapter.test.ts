import { randn } from '@attnkit/core';
import { describe, expect, it } from 'vitest';
import { createPoolWith, runTask, type SpawnWorker } from './index.ts';
import { tiny } from './testing/tiny-variant.ts';
import type { ReplyMessage } from './types.ts';

const module = new URL('./testing/tiny-variant.ts', import.meta.url).href;

/**
 * A worker adapter with no worker at all: `runTask` on this thread. It is what a Web Worker
 * adapter wraps, so this checks the pool needs nothing Node-specific from a worker.
 */
const inThread =
  (exits: { code: number } | null = null): SpawnWorker =>
  () => {
    let reply: (m: ReplyMessage) => void = () => {};
    let exit: (code: number) => void = () => {};
    return {
      post: (m) => {
        if (exits) queueMicrotask(() => exit(exits.code));
        else runTask(m).then(reply);
      },
      onMessage: (l) => {
        reply = l;
      },
      onError: () => {},
      onExit: (l) => {
        exit = l;
      },
      terminate: async () => {},
    };
  };

describe('createPoolWith (runtime-neutral core)', () => {
  it('gives forward’s result through any WorkerHandle', async () => {
    const pool = createPoolWith(inThread(), { threads: 3 });
    const q = randn([1, 2, 333, 8], 1);
    const k = randn([1, 1, 333, 8], 2);
    const v = randn([1, 1, 333, 8], 3);
    const got = await pool.forward({ module, export: 'tiny' }, q, k, v, { causal: true });
    expect(Array.from(got.data)).toEqual(
      Array.from(tiny().forward(q, k, v, { causal: true }).data),
    );
    await pool.close();
  });

  it('a worker that exits fails the call instead of hanging', async () => {
    const pool = createPoolWith(inThread({ code: 1 }), { threads: 2 });
    const q = randn([1, 2, 16, 4], 1);
    await expect(pool.forward({ module, export: 'tiny' }, q, q, q)).rejects.toThrow(/exited/);
    await pool.close();
  });

  it('refuses a bad thread count', () => {
    expect(() => createPoolWith(inThread(), { threads: 0 })).toThrow(/pool threads/);
  });
});
