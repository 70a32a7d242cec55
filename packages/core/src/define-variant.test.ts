import { describe, expect, it } from 'vitest';
import { option } from './config-schema.ts';
import { defineVariant } from './define-variant.ts';
import { AttentionError } from './errors.ts';
import { createFromSpec } from './spec.ts';
import { expectOverBudget, expectRefusal } from './testing/refusal.ts';

const TRAITS = {
  exact: true,
  causal: false,
  crossAttention: true,
  keyLengths: false,
  weights: false,
  decoder: false,
  complexity: { time: 'O(1)', memory: 'O(1)' },
};

// A toy variant defined once: its schema drives the factory, the spec parser and the config.
const toy = defineVariant({
  name: 'toy',
  traits: TRAITS,
  options: {
    block: option.integer('Rows per tile. Default 8.', 8, { max: 64 }),
    mode: option.oneOf(['a', 'b'] as const, 'Which mode.', 'a'),
    gain: option.number('A gain.', undefined, { min: 0, exclusiveMin: true }),
  },
  build({ block }, { refuseOver }) {
    return {
      backend: 'js',
      forward: (q) => {
        refuseOver(4 * block * q.data.length, 'q, k, v', 'lower block');
        return q;
      },
      cost: () => ({ flops: 0, peakBytes: 0 }),
      extra: () => block,
    };
  },
});

describe('defineVariant', () => {
  it('derives the config, with defaults and memoryBudget, and keeps extra members', () => {
    const v = toy.create({ block: 4 });
    expect(v.name).toBe('toy');
    expect(v.backend).toBe('js');
    expect(v.config).toEqual({ block: 4, mode: 'a', memoryBudget: 2 ** 31 });
    expect(v.extra()).toBe(4);
  });
  it('refuses unknown keys and bad values, naming `<variant> config.<key>`', () => {
    expect(expectRefusal(() => toy.create({ blok: 3 } as never), 'INVALID_CONFIG').argument).toBe(
      'toy config',
    );
    const cases: [Record<string, unknown>, string][] = [
      [{ block: 65 }, 'toy config.block'],
      [{ block: 1.5 }, 'toy config.block'],
      [{ mode: 'c' }, 'toy config.mode'],
      [{ gain: 0 }, 'toy config.gain'],
      [{ memoryBudget: -1 }, 'toy config.memoryBudget'],
    ];
    for (const [config, argument] of cases) {
      const err = expectRefusal(() => toy.create(config as never), 'INVALID_CONFIG');
      expect(err).toBeInstanceOf(AttentionError);
      expect(err.argument).toBe(argument);
    }
  });
  it('gives the spec parser the same keys and kinds', () => {
    expect(toy.definition.options).toEqual({
      block: 'integer',
      mode: ['a', 'b'],
      gain: 'number',
      memoryBudget: 'integer',
    });
    const v = createFromSpec('toy:block=16,mode=b', [toy.definition]);
    expect(v.config).toEqual({ block: 16, mode: 'b', memoryBudget: 2 ** 31 });
  });
  it('refuses over the budget with the shared wording', () => {
    const q = { data: new Float32Array(64), shape: [1, 1, 8, 8] };
    const err = expectOverBudget(
      () => toy.create({ memoryBudget: 100 }).forward(q, q, q),
      /^q, k, v$/,
    );
    expect(err.message).toContain('lower block');
  });
});
