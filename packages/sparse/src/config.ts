import { AttentionError, configEnum, configInteger, describe } from '@attnkit/core';
import type { BackendChoice } from '@attnkit/kernels';
import { BlockLayout } from './layout.ts';
import { bigbird } from './patterns/bigbird.ts';
import { custom } from './patterns/custom.ts';
import { fixed } from './patterns/fixed.ts';
import { global } from './patterns/global.ts';
import { longformer } from './patterns/longformer.ts';
import type { Pattern } from './patterns/pattern.ts';
import { random } from './patterns/random.ts';
import { strided } from './patterns/strided.ts';

export const PATTERN_NAMES = [
  'bigbird',
  'longformer',
  'strided',
  'fixed',
  'random',
  'global',
] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

export interface SparseConfig {
  /** A named pattern (default 'bigbird'), a Pattern (e.g. from fromMask, union) or a BlockLayout. */
  pattern?: PatternName | Pattern | BlockLayout;
  /** Block size b in tokens. Default: the pattern's own, else 64. */
  block?: number;
  /** bigbird, longformer: band width in blocks (odd). */
  window?: number;
  /** bigbird, longformer, global: the first n blocks, or the listed blocks. */
  globalBlocks?: number | number[];
  /** longformer: global token indices. */
  globalTokens?: number[];
  /** bigbird, random: random key blocks per query block. */
  randomBlocks?: number;
  /** strided, fixed: l in blocks. */
  stride?: number;
  /** fixed: c summary blocks per window. */
  summary?: number;
  /** bigbird, random: generator seed. */
  seed?: number;
  /** bigbird, random: draw each head's random blocks separately. */
  perHead?: boolean;
  backend?: BackendChoice;
}

export const CONFIG_KEYS = [
  'pattern',
  'block',
  'window',
  'globalBlocks',
  'globalTokens',
  'randomBlocks',
  'stride',
  'summary',
  'seed',
  'perHead',
  'backend',
] as const;

const PATTERN_KEYS: Record<PatternName, readonly (keyof SparseConfig)[]> = {
  bigbird: ['window', 'globalBlocks', 'randomBlocks', 'seed', 'perHead'],
  longformer: ['window', 'globalBlocks', 'globalTokens'],
  strided: ['stride'],
  fixed: ['stride', 'summary'],
  random: ['randomBlocks', 'seed', 'perHead'],
  global: ['globalBlocks'],
};
const OPTION_KEYS = [...new Set(Object.values(PATTERN_KEYS).flat())];

/** The pattern and block size a config names; options a pattern does not take are refused. */
export function resolvePattern(config: SparseConfig): {
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
  const block = configInteger(config.block, 'sparse config.block', pattern.block ?? 64);
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
