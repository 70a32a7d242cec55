import { AttentionError, configEnum, describe, option } from '@attnkit/core';
import { backendOption } from '@attnkit/kernels';
import { BlockLayout } from './layout.ts';
import { bigbird } from './patterns/bigbird.ts';
import { custom } from './patterns/custom.ts';
import { fixed } from './patterns/fixed.ts';
import { global } from './patterns/global.ts';
import { longformer } from './patterns/longformer.ts';
import type { Pattern } from './patterns/pattern.ts';
import { random } from './patterns/random.ts';
import { strided } from './patterns/strided.ts';

/** The named patterns a spec string can ask for (`sparse:pattern=bigbird`), in the order help lists them. */
export const PATTERN_NAMES = [
  'bigbird',
  'longformer',
  'strided',
  'fixed',
  'random',
  'global',
] as const;
/** One of `PATTERN_NAMES`: what `sparse({ pattern })` accepts as a word. */
export type PatternName = (typeof PATTERN_NAMES)[number];

/**
 * A key whose check belongs to the pattern builders (bigbird(), longformer(), …), which word it
 * as `<pattern> options.<key>`: the schema states its kind and documentation and passes it on.
 */
const patternKey = <In>(kind: 'integer' | 'integer[]' | 'boolean', doc: string) =>
  option.custom<In, In, undefined>({
    kind,
    doc,
    default: undefined,
    parse: (value) => value as In,
  });

/** The config keys of sparse, each stated once (defineVariant adds memoryBudget). */
export const SPARSE_OPTIONS = {
  pattern: option.custom<
    PatternName | Pattern | BlockLayout,
    PatternName | Pattern | BlockLayout,
    'bigbird'
  >({
    kind: PATTERN_NAMES,
    doc: "A named pattern (default 'bigbird'), a Pattern (e.g. from fromMask, union) or a BlockLayout.",
    default: 'bigbird',
    parse: (value) => value as PatternName | Pattern | BlockLayout, // checked by resolvePattern
  }),
  block: option.integer("Block size b in tokens. Default: the pattern's own, else 64.", undefined),
  window: patternKey<number>('integer', 'bigbird, longformer: band width in blocks (odd).'),
  globalBlocks: patternKey<number | number[]>(
    'integer',
    'bigbird, longformer, global: the first n blocks, or the listed blocks.',
  ),
  globalTokens: patternKey<number[]>('integer[]', 'longformer: global token indices.'),
  randomBlocks: patternKey<number>(
    'integer',
    'bigbird, random: random key blocks per query block.',
  ),
  stride: patternKey<number>('integer', 'strided, fixed: l in blocks.'),
  summary: patternKey<number>('integer', 'fixed: c summary blocks per window.'),
  seed: patternKey<number>('integer', 'bigbird, random: generator seed.'),
  perHead: patternKey<boolean>(
    'boolean',
    "bigbird, random: draw each head's random blocks separately.",
  ),
  backend: backendOption,
};

/** The pattern keys, as resolvePattern reads them. */
type PatternSettings = { pattern: PatternName | Pattern | BlockLayout; block?: number } & {
  [K in PatternKey]?: unknown;
};
type PatternKey =
  | 'window'
  | 'globalBlocks'
  | 'globalTokens'
  | 'randomBlocks'
  | 'stride'
  | 'summary'
  | 'seed'
  | 'perHead';

const PATTERN_KEYS: Record<PatternName, readonly PatternKey[]> = {
  bigbird: ['window', 'globalBlocks', 'randomBlocks', 'seed', 'perHead'],
  longformer: ['window', 'globalBlocks', 'globalTokens'],
  strided: ['stride'],
  fixed: ['stride', 'summary'],
  random: ['randomBlocks', 'seed', 'perHead'],
  global: ['globalBlocks'],
};
const OPTION_KEYS = [...new Set(Object.values(PATTERN_KEYS).flat())];

/** The pattern and block size a config names; options a pattern does not take are refused. */
export function resolvePattern(config: PatternSettings): {
  pattern: Pattern;
  block: number;
  /** The pattern part of the config as a spec string writes it (named patterns round-trip). */
  specConfig: Record<string, unknown>;
} {
  const given = OPTION_KEYS.filter((key) => config[key] !== undefined);
  const choice = config.pattern ?? 'bigbird';
  let pattern: Pattern;
  if (typeof choice === 'string') {
    const name = configEnum(choice, 'sparse config.pattern', PATTERN_NAMES, 'bigbird');
    const stray = given.filter((key) => !PATTERN_KEYS[name].includes(key));
    if (stray.length)
      throw new AttentionError(
        'INVALID_CONFIG',
        `sparse config.${stray[0]}`,
        `undefined for pattern '${name}' (it takes ${PATTERN_KEYS[name].join(', ')})`,
        describe(config[stray[0]]),
      );
    const builders = { bigbird, longformer, strided, fixed, random, global } as const;
    pattern = builders[name](config as never);
  } else if (choice instanceof BlockLayout) {
    pattern = custom(choice);
  } else if (choice && typeof choice === 'object' && choice.kind === 'pattern') {
    pattern = choice;
  } else {
    throw new AttentionError(
      'INVALID_CONFIG',
      'sparse config.pattern',
      `one of ${PATTERN_NAMES.join(' | ')}, a Pattern or a BlockLayout`,
      describe(choice),
    );
  }
  if (typeof choice !== 'string' && given.length)
    throw new AttentionError(
      'INVALID_CONFIG',
      `sparse config.${given[0]}`,
      'undefined when pattern is a Pattern or BlockLayout (set it on the pattern builder)',
      describe(config[given[0]]),
    );
  const block = config.block ?? pattern.block ?? 64;
  if (pattern.block !== undefined && block !== pattern.block)
    throw new AttentionError(
      'INVALID_CONFIG',
      'sparse config.block',
      `${pattern.block} (the block size of ${pattern.name})`,
      String(block),
    );
  const specConfig: Record<string, unknown> = {
    pattern: typeof choice === 'string' ? choice : pattern.name,
  };
  for (const key of given) specConfig[key] = config[key];
  return { pattern, block, specConfig };
}
