import type { AttentionDecoder, Tensor } from '@attnkit/core';
import { type CorpusCase, DECODER_SHAPE, SHAPE, t, VARIANTS } from './case.ts';

type ShapeBad = [string, unknown, CorpusCase['code'], string, string?];
const { valueDim: _v, ...noValueDim } = SHAPE;

/** Hostile shapes for cost(shape): every field checked, none assumed. */
const BAD_COST_SHAPES: ShapeBad[] = [
  ['{}', {}, 'SHAPE_MISMATCH', 'shape.batch', 'missing'],
  ['null', null, 'SHAPE_MISMATCH', 'shape.batch', 'missing'],
  ['without valueDim', noValueDim, 'SHAPE_MISMATCH', 'shape.valueDim', 'missing'],
  ['heads 0', { ...SHAPE, heads: 0 }, 'INVALID_CONFIG', 'shape.heads', '0'],
  ['queryLength -1', { ...SHAPE, queryLength: -1 }, 'INVALID_CONFIG', 'shape.queryLength', '-1'],
  ['keyLength 1.5', { ...SHAPE, keyLength: 1.5 }, 'INVALID_CONFIG', 'shape.keyLength', '1.5'],
  ['headDim NaN', { ...SHAPE, headDim: Number.NaN }, 'INVALID_CONFIG', 'shape.headDim', 'NaN'],
  ['batch a string', { ...SHAPE, batch: '1' }, 'INVALID_CONFIG', 'shape.batch', '"1"'],
  ['kvHeads not a divisor', { ...SHAPE, heads: 3 }, 'SHAPE_MISMATCH', 'shape.kvHeads', '2'],
  [
    'queryLength past 2^53',
    { ...SHAPE, queryLength: 2 ** 60 },
    'INVALID_CONFIG',
    'shape.queryLength',
  ],
  [
    'valueDim Infinity',
    { ...SHAPE, valueDim: Number.POSITIVE_INFINITY },
    'INVALID_CONFIG',
    'shape.valueDim',
    'Infinity',
  ],
];

const { valueDim: _d, ...decoderNoValueDim } = DECODER_SHAPE;
const BAD_DECODER_SHAPES: ShapeBad[] = [
  ['null', null, 'INVALID_CONFIG', 'decoder shape', 'null'],
  ['a number', 4, 'INVALID_CONFIG', 'decoder shape', '4'],
  ['{}', {}, 'SHAPE_MISMATCH', 'decoder shape.batch', 'missing'],
  ['without valueDim', decoderNoValueDim, 'SHAPE_MISMATCH', 'decoder shape.valueDim', 'missing'],
  ['headDim 0', { ...DECODER_SHAPE, headDim: 0 }, 'INVALID_CONFIG', 'decoder shape.headDim', '0'],
  [
    'kvHeads not a divisor',
    { ...DECODER_SHAPE, heads: 3 },
    'SHAPE_MISMATCH',
    'decoder shape.kvHeads',
    '2',
  ],
];

const step = (d: AttentionDecoder, q: Tensor, k: Tensor, v: Tensor) => d.step(q, k, v);
const ok = () => ({ q: t([1, 2, 1, 4], 1), k: t([1, 2, 1, 4], 2), v: t([1, 2, 1, 4], 3) });
type StepBad = [string, (d: AttentionDecoder) => unknown, CorpusCase['code'], string, string?];
/** Decoder misuse: wrong step shapes, a mixed batch, bad values, options, reuse after reset. */
const BAD_STEPS: StepBad[] = [
  [
    'q with 2 tokens',
    (d) => step(d, t([1, 2, 2, 4]), ok().k, ok().v),
    'SHAPE_MISMATCH',
    'q.shape',
    '[1, 2, 2, 4]',
  ],
  [
    'k of another batch size (mixed batch)',
    (d) => step(d, ok().q, t([2, 2, 1, 4]), ok().v),
    'SHAPE_MISMATCH',
    'k.shape',
    '[2, 2, 1, 4]',
  ],
  [
    'v of the wrong value dim',
    (d) => step(d, ok().q, ok().k, t([1, 2, 1, 3])),
    'SHAPE_MISMATCH',
    'v.shape',
    '[1, 2, 1, 3]',
  ],
  ['q null', (d) => step(d, null as never, ok().k, ok().v), 'SHAPE_MISMATCH', 'q', 'null'],
  [
    'NaN in v',
    (d) => {
      const x = ok();
      x.v.data[2] = Number.NaN;
      return step(d, x.q, x.k, x.v);
    },
    'NON_FINITE',
    'v.data[2]',
    'NaN',
  ],
  [
    'after reset, a wrong step is still refused',
    (d) => {
      d.step(ok().q, ok().k, ok().v);
      d.reset();
      return step(d, ok().q, ok().k, t([1, 1, 1, 4]));
    },
    'SHAPE_MISMATCH',
    'v.shape',
    '[1, 1, 1, 4]',
  ],
  [
    'scores overflow float32 at a later step',
    (d) => {
      d.step(ok().q, t([1, 2, 1, 4], 5, 1e19), ok().v);
      return d.step(t([1, 2, 1, 4], 6, 1e19), ok().k, ok().v);
    },
    'NON_FINITE',
    'q[0, 0, 0]',
    'e+',
  ],
];
const BAD_DECODER_OPTIONS: [string, unknown, CorpusCase['code'], string, string][] = [
  ['scale NaN', null, 'INVALID_CONFIG', 'options.scale', 'NaN'],
  ['scale 1e300', null, 'INVALID_CONFIG', 'options.scale', '1e+300'],
];

export const shapeCases: CorpusCase[] = Object.entries(VARIANTS).flatMap(([name, make]) => [
  ...BAD_COST_SHAPES.map(([what, shape, code, argument, received]) => ({
    name: `${name}.cost: ${what}`,
    run: () => make().cost(shape as never),
    code,
    argument,
    received,
  })),
  ...BAD_DECODER_SHAPES.map(([what, shape, code, argument, received]) => ({
    name: `${name}.decoder: shape ${what}`,
    run: () => make().decoder!(shape as never),
    code,
    argument,
    received,
  })),
  ...BAD_STEPS.map(([what, misuse, code, argument, received]) => ({
    name: `${name}.decoder step: ${what}`,
    run: () => misuse(make().decoder!(DECODER_SHAPE)),
    code,
    argument,
    received,
  })),
  ...BAD_DECODER_OPTIONS.map(([what, , code, argument, received]) => ({
    // full and chunked check their options at the first step (their KV cache calls forward).
    name: `${name}.decoder options: ${what}`,
    run: () => {
      const scale = what === 'scale NaN' ? Number.NaN : 1e300;
      const x = { q: t([1, 2, 1, 4], 1), k: t([1, 2, 1, 4], 2), v: t([1, 2, 1, 4], 3) };
      return make().decoder!(DECODER_SHAPE, { scale }).step(x.q, x.k, x.v);
    },
    code,
    argument,
    received,
  })),
]);
