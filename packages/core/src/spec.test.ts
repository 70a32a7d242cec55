import { describe, expect, it } from 'vitest';
import { createFromSpec, formatSpec, parseSpec, type VariantDefinition } from './spec.ts';
import type { AttentionVariant } from './types.ts';

const made: Record<string, unknown>[] = [];
const def: VariantDefinition = {
  name: 'local-window',
  options: {
    window: 'integer',
    ratio: 'number',
    strict: 'boolean',
    mode: ['a', 'b'],
    globals: 'integer[]',
  },
  create: (config = {}) => {
    made.push(config);
    return { name: 'local-window', config } as unknown as AttentionVariant;
  },
};

describe('spec strings', () => {
  it('parse names and typed values', () => {
    expect(parseSpec('local-window', [def]).config).toEqual({});
    expect(
      parseSpec('local-window:window=256,ratio=0.5,strict=true,mode=b,globals=0+7', [def]).config,
    ).toEqual({
      window: 256,
      ratio: 0.5,
      strict: true,
      mode: 'b',
      globals: [0, 7],
    });
  });
  it('create calls the factory with the parsed config', () => {
    createFromSpec('local-window:window=3', [def]);
    expect(made.at(-1)).toEqual({ window: 3 });
  });
  it.each([
    ['nope', 'name'],
    ['local-window:windw=3', 'key'],
    ['local-window:window=3.5', 'window'],
    ['local-window:window', 'window'],
    ['local-window:mode=c', 'mode'],
    ['local-window:strict=maybe', 'strict'],
    ['local-window:window=1,window=2', 'window'],
    ['', 'spec'],
  ])('refuses %s naming the %s', (spec, what) => {
    expect(() => parseSpec(spec, [def])).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', argument: expect.stringContaining(what) }),
    );
  });
  it('formatSpec round-trips', () => {
    const s = formatSpec('local-window', { window: 256, globals: [1, 2], mode: 'a' });
    expect(s).toBe('local-window:globals=1+2,mode=a,window=256');
    expect(parseSpec(s, [def]).config).toEqual({ window: 256, globals: [1, 2], mode: 'a' });
  });
});

describe('spec values are plain decimals (issue 15, class 8)', () => {
  it.each(['0x10', '1e2', ' 16', '+16', '16.0', '016', '0b10', ''])(
    'integer %j is refused by name',
    (token) => {
      expect(() => parseSpec(`local-window:window=${token}`, [def])).toThrow(
        `spec "local-window:window=${token}" key window: expected a plain decimal integer such as 16, got ${JSON.stringify(token)}`,
      );
    },
  );
  it('plain integers, negative ones included, still parse', () => {
    expect(parseSpec('local-window:window=16', [def]).config.window).toBe(16);
  });
});
