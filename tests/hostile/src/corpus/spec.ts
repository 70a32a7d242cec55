import { chunkedDefinition } from '@attnkit/chunked';
import { createFromSpec, type VariantDefinition } from '@attnkit/core';
import { fullDefinition } from '@attnkit/full';
import { linearDefinition } from '@attnkit/linear';
import { localWindowDefinition } from '@attnkit/local-window';
import { fromMask, longformer, sparse, sparseDefinition } from '@attnkit/sparse';
import { type CorpusCase, qkv, SHAPE } from './case.ts';

const DEFINITIONS = [
  fullDefinition,
  chunkedDefinition,
  localWindowDefinition,
  sparseDefinition,
  linearDefinition,
] as VariantDefinition<object>[];
const spec = (s: string) => () => createFromSpec(s, DEFINITIONS);

/** Integer keys accept plain decimal integers only; each token below is refused by name. */
const BAD_INTEGERS = [
  '0x10',
  '1e2',
  ' 16',
  '+16',
  '16.0',
  '016',
  '',
  'abc',
  '1.5',
  '0b11',
  '16px',
  'Infinity',
];
const INTEGER_KEYS: [string, string][] = [
  ['full', 'queryBlock'],
  ['chunked', 'keyBlock'],
  ['local-window', 'window'],
  ['sparse', 'block'],
  ['linear', 'features'],
];

export const specCases: CorpusCase[] = [
  ...INTEGER_KEYS.flatMap(([name, key]) =>
    BAD_INTEGERS.map((token) => ({
      name: `spec ${name}:${key}=${JSON.stringify(token)}`,
      run: spec(`${name}:${key}=${token}`),
      code: 'INVALID_CONFIG' as const,
      argument: `key ${key}`,
      received: JSON.stringify(token),
    })),
  ),
  {
    name: 'spec unknown variant',
    run: spec('flash:window=4'),
    code: 'INVALID_CONFIG',
    argument: 'name',
    received: '"flash"',
  },
  {
    name: 'spec empty',
    run: spec('  '),
    code: 'INVALID_CONFIG',
    argument: 'spec',
    received: '"  "',
  },
  {
    name: 'spec not a string',
    run: () => createFromSpec(42 as never, DEFINITIONS),
    code: 'INVALID_CONFIG',
    argument: 'spec',
    received: '42',
  },
  {
    name: 'spec unknown key',
    run: spec('full:window=4'),
    code: 'INVALID_CONFIG',
    argument: 'key',
    received: '"window"',
  },
  {
    name: 'spec key without value',
    run: spec('local-window:window'),
    code: 'INVALID_CONFIG',
    argument: 'key window',
    received: '"window"',
  },
  {
    name: 'spec key given twice',
    run: spec('local-window:window=4,window=8'),
    code: 'INVALID_CONFIG',
    argument: 'key window',
    received: 'twice',
  },
  {
    name: 'spec enum value unknown',
    run: spec('linear:featureMap=softmax'),
    code: 'INVALID_CONFIG',
    argument: 'key featureMap',
    received: '"softmax"',
  },
  {
    name: 'spec enum value with a space',
    run: spec('linear:featureMap= elu'),
    code: 'INVALID_CONFIG',
    argument: 'key featureMap',
    received: '" elu"',
  },
  {
    name: 'spec boolean value unknown',
    run: spec('linear:orthogonal=yes'),
    code: 'INVALID_CONFIG',
    argument: 'key orthogonal',
    received: '"yes"',
  },
  {
    name: 'spec integer list with a hex entry',
    run: spec('sparse:pattern=longformer,globalTokens=0+0x5'),
    code: 'INVALID_CONFIG',
    argument: 'key globalTokens',
    received: '"0+0x5"',
  },
  {
    name: 'spec integer list with an empty entry',
    run: spec('sparse:pattern=longformer,globalTokens=0++5'),
    code: 'INVALID_CONFIG',
    argument: 'key globalTokens',
    received: '"0++5"',
  },
  {
    name: 'spec window negative (factory range)',
    run: spec('local-window:window=-4'),
    code: 'INVALID_CONFIG',
    argument: 'window',
    received: '-4',
  },
  {
    name: 'spec backend unknown',
    run: spec('full:backend=gpu'),
    code: 'INVALID_CONFIG',
    argument: 'key backend',
    received: '"gpu"',
  },
];

/** Sparse patterns: Longformer tokens past N, the fromMask predicate budget, bad pattern arguments. */
export const patternCases: CorpusCase[] = [
  {
    name: 'longformer globalTokens beyond N (forward)',
    run: () => {
      const { q, k, v } = qkv();
      return sparse({ pattern: longformer({ globalTokens: [3, 100] }), block: 4 }).forward(q, k, v);
    },
    code: 'INVALID_CONFIG',
    argument: 'longformer options.globalTokens[1]',
    received: '100',
  },
  {
    name: 'longformer globalTokens beyond N (config path, cost)',
    run: () => sparse({ pattern: 'longformer', globalTokens: [8], block: 4 }).cost(SHAPE),
    code: 'INVALID_CONFIG',
    argument: 'longformer options.globalTokens[0]',
    received: '8',
  },
  {
    name: 'longformer tokensBeyondLength unknown',
    run: () => longformer({ tokensBeyondLength: 'drop' as never }),
    code: 'INVALID_CONFIG',
    argument: 'longformer options.tokensBeyondLength',
    received: '"drop"',
  },
  {
    name: 'longformer globalTokens negative',
    run: () => longformer({ globalTokens: [-1] }),
    code: 'INVALID_CONFIG',
    argument: 'longformer options.globalTokens',
    received: '-1',
  },
  {
    name: 'fromMask over its predicate budget (N = 200,000)',
    run: () =>
      sparse({ pattern: fromMask(() => true, 1) }).cost({
        ...SHAPE,
        queryLength: 200_000,
        keyLength: 200_000,
      }),
    code: 'MEMORY_BUDGET',
    argument: 'fromMask maskFn calls',
    received: '40000000000',
  },
  {
    name: 'fromMask per head multiplies the predicted calls',
    run: () =>
      sparse({ pattern: fromMask(() => true, 8, { perHead: true, maxPredicateCalls: 100 }) }).cost(
        SHAPE,
      ),
    code: 'MEMORY_BUDGET',
    argument: 'fromMask maskFn calls',
    received: '128',
  },
  {
    name: 'fromMask maxPredicateCalls not an integer',
    run: () => fromMask(() => true, 8, { maxPredicateCalls: 1.5 }),
    code: 'INVALID_CONFIG',
    argument: 'fromMask options.maxPredicateCalls',
    received: '1.5',
  },
  {
    name: 'fromMask options null',
    run: () => fromMask(() => true, 8, null as never),
    code: 'INVALID_CONFIG',
    argument: 'fromMask options',
    received: 'null',
  },
  {
    name: 'fromMask predicate not a function',
    run: () => fromMask('i<j' as never, 8),
    code: 'INVALID_CONFIG',
    argument: 'fromMask maskFn',
    received: '"i<j"',
  },
  {
    name: 'fromMask block 0',
    run: () => fromMask(() => true, 0),
    code: 'INVALID_CONFIG',
    argument: 'fromMask block',
    received: '0',
  },
  {
    name: 'sparse layout of an empty shape names the field (not "NaN × NaN blocks")',
    run: () => sparse({ block: 4 }).layout({} as never),
    code: 'SHAPE_MISMATCH',
    argument: 'shape.batch',
    received: 'missing',
  },
];
