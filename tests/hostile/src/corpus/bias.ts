import { chunked } from '@attnkit/chunked';
import type { ScoreBias } from '@attnkit/core';
import { full } from '@attnkit/full';
import { linear } from '@attnkit/linear';
import { localWindow } from '@attnkit/local-window';
import { sparse } from '@attnkit/sparse';
import { BACKENDS } from '../backends.ts';
import { type CorpusCase, DECODER_SHAPE, qkv, t } from './case.ts';

const MAKERS = {
  full: (backend: string) => full({ backend: backend as never }),
  chunked: (backend: string) => chunked({ backend: backend as never, queryBlock: 4, keyBlock: 4 }),
  'local-window': (backend: string) =>
    localWindow({ window: 3, block: 4, backend: backend as never }),
  sparse: (backend: string) =>
    sparse({ pattern: 'longformer', block: 4, backend: backend as never }),
};

/** A function bias that returns `value` at (b, h, i, j) = (0, 1, 5, 3) and 0.25 elsewhere. */
const planted = (value: unknown): ScoreBias => ({
  kind: 'function',
  fn: (b, h, i, j) => (b === 0 && h === 1 && i === 5 && j === 3 ? (value as number) : 0.25),
});
const BAD_VALUES: [string, unknown, string][] = [
  ['NaN', Number.NaN, 'NaN'],
  ['+Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
  ['1e39 (past float32)', 1e39, '1e+39'],
  ['-1e39', -1e39, '-1e+39'],
  ['a string', 'x', '"x"'],
  ['undefined', undefined, 'undefined'],
  ['null', null, 'null'],
  ['an object', {}, 'Object'],
];
const WHERE = 'options.scoreBias.fn(b=0, h=1, i=5, j=3)';

/** Class 3: every backend, forward, weights() and the decoder refuse the same bad bias values alike. */
export const biasCases: CorpusCase[] = Object.entries(MAKERS).flatMap(([name, make]) =>
  BACKENDS.flatMap((backend) => [
    ...BAD_VALUES.map(([what, value, received]) => ({
      name: `${name} (${backend}).forward: bias function returns ${what}`,
      run: () => {
        const { q, k, v } = qkv();
        return make(backend).forward(q, k, v, { scoreBias: planted(value) });
      },
      code: 'NON_FINITE' as const,
      argument: WHERE,
      received,
    })),
    {
      name: `${name} (${backend}).weights: bias function returns NaN`,
      run: () => {
        const { q, k } = qkv();
        return make(backend).weights!(q, k, { scoreBias: planted(Number.NaN) });
      },
      code: 'NON_FINITE' as const,
      argument: WHERE,
      received: 'NaN',
    },
    {
      name: `${name} (${backend}).decoder: bias function returns NaN at step 5`,
      run: () => {
        const d = make(backend).decoder!(DECODER_SHAPE, { scoreBias: planted(Number.NaN) });
        for (let i = 0; i < 6; i++)
          d.step(t([1, 2, 1, 4], i), t([1, 2, 1, 4], 10 + i), t([1, 2, 1, 4], 20 + i));
      },
      code: 'NON_FINITE' as const,
      argument: WHERE,
      received: 'NaN',
    },
    {
      name: `${name} (${backend}).forward: ALiBi slopes whose bias passes float32 at this length`,
      run: () => {
        const { q, k, v } = qkv();
        return make(backend).forward(q, k, v, {
          scoreBias: { kind: 'alibi', slopes: new Float32Array([2e37, 2e37]) },
        });
      },
      code: 'NON_FINITE' as const,
      argument: 'options.scoreBias.slopes',
      received: '2.00e+37 · 8',
    },
    {
      name: `${name} (${backend}).forward: relative table entry 1e38`,
      run: () => {
        const { q, k, v } = qkv();
        return make(backend).forward(q, k, v, {
          scoreBias: { kind: 'relative', maxDistance: 0, table: new Float32Array([1, 1e38]) },
        });
      },
      code: 'NON_FINITE' as const,
      argument: 'options.scoreBias.table[1]',
      received: 'e+37',
    },
  ]),
);

export const otherBiasCases: CorpusCase[] = [
  {
    name: 'linear.forward: any score bias is unsupported',
    run: () => {
      const { q, k, v } = qkv();
      return linear().forward(q, k, v, { scoreBias: planted(0) });
    },
    code: 'UNSUPPORTED',
    argument: 'options.scoreBias',
    received: 'function',
  },
  {
    name: 'full.forward: bias kind unknown',
    run: () => {
      const { q, k, v } = qkv();
      return full().forward(q, k, v, { scoreBias: { kind: 'table' } as never });
    },
    code: 'INVALID_CONFIG',
    argument: 'options.scoreBias.kind',
    received: '"table"',
  },
  {
    name: 'full.forward: bias fn not a function',
    run: () => {
      const { q, k, v } = qkv();
      return full().forward(q, k, v, { scoreBias: { kind: 'function', fn: 3 } as never });
    },
    code: 'INVALID_CONFIG',
    argument: 'options.scoreBias.fn',
    received: '3',
  },
  {
    name: 'full.forward: ALiBi slopes of the wrong length',
    run: () => {
      const { q, k, v } = qkv();
      return full().forward(q, k, v, { scoreBias: { kind: 'alibi', slopes: new Float32Array(3) } });
    },
    code: 'SHAPE_MISMATCH',
    argument: 'options.scoreBias.slopes',
    received: 'Float32Array(3)',
  },
  {
    name: 'chunked.forward: relative maxDistance negative',
    run: () => {
      const { q, k, v } = qkv();
      return chunked().forward(q, k, v, {
        scoreBias: { kind: 'relative', maxDistance: -1, table: new Float32Array(2) },
      });
    },
    code: 'INVALID_CONFIG',
    argument: 'options.scoreBias.maxDistance',
    received: '-1',
  },
];
