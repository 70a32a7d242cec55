import { AttentionError, type AttentionErrorCode } from '../errors.ts';
import { randn, type Tensor } from '../tensor.ts';
import type { AttentionOptions, AttentionVariant, VariantTraits } from '../types.ts';
import { expect, it } from './peers.ts';

const t = (shape: number[], seed = 1): Tensor => randn(shape, seed);
const poke = (x: Tensor, i: number, value: number): Tensor => {
  const data = x.data.slice();
  data[i] = value;
  return { data, shape: x.shape };
};

interface BadCase {
  name: string;
  args: [Tensor, Tensor, Tensor, AttentionOptions?];
  code: AttentionErrorCode;
  argument: string;
}

function badCases(): BadCase[] {
  const q = t([2, 2, 8, 4], 1);
  const k = t([2, 2, 8, 4], 2);
  const v = t([2, 2, 8, 4], 3);
  return [
    { name: 'wrong rank', args: [t([2, 8, 4]), k, v], code: 'SHAPE_MISMATCH', argument: 'q.shape' },
    {
      name: 'k batch differs from q',
      args: [q, t([1, 2, 8, 4]), v],
      code: 'SHAPE_MISMATCH',
      argument: 'k.shape[0]',
    },
    {
      name: 'v batch differs from q',
      args: [q, k, t([1, 2, 8, 4])],
      code: 'SHAPE_MISMATCH',
      argument: 'v.shape[0]',
    },
    {
      name: 'k head dim differs from q',
      args: [q, t([2, 2, 8, 5]), v],
      code: 'SHAPE_MISMATCH',
      argument: 'k.shape[3]',
    },
    {
      name: 'v key length differs from k',
      args: [q, k, t([2, 2, 7, 4])],
      code: 'SHAPE_MISMATCH',
      argument: 'v.shape[2]',
    },
    {
      name: 'heads not a multiple of kv heads',
      args: [t([2, 3, 8, 4]), k, v],
      code: 'SHAPE_MISMATCH',
      argument: 'k.shape[1]',
    },
    {
      name: 'N = 0',
      args: [{ data: new Float32Array(0), shape: [2, 2, 0, 4] }, k, v],
      code: 'SHAPE_MISMATCH',
      argument: 'q.shape[2]',
    },
    {
      name: 'D = 0',
      args: [q, { data: new Float32Array(0), shape: [2, 2, 8, 0] }, v],
      code: 'SHAPE_MISMATCH',
      argument: 'k.shape[3]',
    },
    {
      name: 'data length not matching shape',
      args: [{ data: new Float32Array(10), shape: [2, 2, 8, 4] }, k, v],
      code: 'SHAPE_MISMATCH',
      argument: 'q.data.length',
    },
    {
      name: 'not a tensor',
      args: [[1, 2, 3] as unknown as Tensor, k, v],
      code: 'SHAPE_MISMATCH',
      argument: 'q',
    },
    {
      name: 'NaN in q',
      args: [poke(q, 17, Number.NaN), k, v],
      code: 'NON_FINITE',
      argument: 'q.data[17]',
    },
    {
      name: '+Infinity in k',
      args: [q, poke(k, 5, Number.POSITIVE_INFINITY), v],
      code: 'NON_FINITE',
      argument: 'k.data[5]',
    },
    {
      name: '-Infinity in v',
      args: [q, k, poke(v, 63, Number.NEGATIVE_INFINITY)],
      code: 'NON_FINITE',
      argument: 'v.data[63]',
    },
    {
      name: 'scale 0',
      args: [q, k, v, { scale: 0 }],
      code: 'INVALID_CONFIG',
      argument: 'options.scale',
    },
    {
      name: 'scale negative',
      args: [q, k, v, { scale: -1 }],
      code: 'INVALID_CONFIG',
      argument: 'options.scale',
    },
    {
      name: 'scale NaN',
      args: [q, k, v, { scale: Number.NaN }],
      code: 'INVALID_CONFIG',
      argument: 'options.scale',
    },
    {
      name: 'scale Infinity',
      args: [q, k, v, { scale: Number.POSITIVE_INFINITY }],
      code: 'INVALID_CONFIG',
      argument: 'options.scale',
    },
    {
      name: 'keyLengths of wrong length',
      args: [q, k, v, { keyLengths: new Int32Array([8]) }],
      code: 'SHAPE_MISMATCH',
      argument: 'options.keyLengths.length',
    },
    {
      name: 'keyLengths above Nk',
      args: [q, k, v, { keyLengths: new Int32Array([8, 9]) }],
      code: 'INVALID_CONFIG',
      argument: 'options.keyLengths[1]',
    },
    {
      name: 'keyLengths negative',
      args: [q, k, v, { keyLengths: new Int32Array([-1, 8]) }],
      code: 'INVALID_CONFIG',
      argument: 'options.keyLengths[0]',
    },
  ];
}

/** Each bad input throws an AttentionError with its code and a message naming the argument. */
export function expectAttentionErrors(create: () => AttentionVariant, traits: VariantTraits): void {
  it.each(badCases().map((c) => ({ ...c, label: c.name })))('refuses bad input: $label', (c) => {
    let caught: unknown;
    try {
      create().forward(...c.args);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AttentionError);
    const err = caught as AttentionError;
    expect(err.code).toBe(c.code);
    expect(err.argument.startsWith(c.argument)).toBe(true);
    expect(err.message).toContain('expected');
    expect(err.message).toContain('got');
  });
  if (!traits.causal) {
    it('refuses causal with UNSUPPORTED', () => {
      const x = t([1, 1, 4, 2]);
      expect(() => create().forward(x, x, x, { causal: true })).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED' }),
      );
    });
  }
  if (!traits.crossAttention) {
    it('refuses Nq ≠ Nk with UNSUPPORTED', () => {
      expect(() => create().forward(t([1, 1, 4, 2]), t([1, 1, 5, 2]), t([1, 1, 5, 2]))).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED' }),
      );
    });
  }
}
