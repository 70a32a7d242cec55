import { AttentionError, describe } from './errors.ts';
import type { OptionKind } from './spec.ts';

/**
 * One config key of a variant, stated once: how a spec string writes it (`kind`), its default,
 * its check, and one line for users. `In` is what the factory accepts, `Out` what it resolves to.
 */
export interface ConfigOption<In = unknown, Out = In, Default extends Out | undefined = Out> {
  readonly kind: OptionKind;
  readonly doc: string;
  readonly default: Default;
  /** The checked value of a given (not undefined) key; throws INVALID_CONFIG naming `name`. */
  parse(value: unknown, name: string): Out;
  /** Phantom: carries `In` for the factory's config type. */
  readonly input?: In;
}

/**
 * A variant's config keys, each stated once; the factory's checks, the config type, the
 * spec-string parser and `variant.config` are all derived from it, so they cannot drift apart.
 */
// biome-ignore lint/suspicious/noExplicitAny: a schema holds options of every value type
export type ConfigSchema = Readonly<Record<string, ConfigOption<any, any, any>>>;

/** The factory's argument: every key optional, typed as the option accepts it. */
export type ConfigOf<S extends ConfigSchema> = {
  [K in keyof S]?: S[K] extends ConfigOption<infer In, infer _Out, infer _D> ? In : never;
};

/** The resolved settings: defaults filled in; keys without a default may stay undefined. */
export type SettingsOf<S extends ConfigSchema> = {
  readonly [K in keyof S]: S[K] extends ConfigOption<infer _In, infer Out, infer D>
    ? Out | (undefined extends D ? undefined : never)
    : never;
};

const invalid = (name: string, expected: string, value: unknown) =>
  new AttentionError('INVALID_CONFIG', name, expected, describe(value));

interface IntegerRange {
  /** Smallest allowed value. Default 1. */
  min?: number;
  max?: number;
}

/** An integer key; out of [min, max] (default [1, 2⁵³ − 1]) is INVALID_CONFIG. */
function integer<D extends number | undefined>(
  doc: string,
  fallback: D,
  { min = 1, max = Number.MAX_SAFE_INTEGER }: IntegerRange = {},
): ConfigOption<number, number, D> {
  const expected =
    max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
  return {
    kind: 'integer',
    doc,
    default: fallback,
    parse(value, name) {
      if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
        throw invalid(name, expected, value);
      return value as number;
    },
  };
}

/** A finite number >= min (> min when `exclusiveMin`). */
function number<D extends number | undefined>(
  doc: string,
  fallback: D,
  { min = Number.NEGATIVE_INFINITY, exclusiveMin = false } = {},
): ConfigOption<number, number, D> {
  return {
    kind: 'number',
    doc,
    default: fallback,
    parse(value, name) {
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        value < min ||
        (exclusiveMin && value === min)
      )
        throw invalid(name, `a finite number ${exclusiveMin ? '>' : '>='} ${min}`, value);
      return value;
    },
  };
}

function boolean<D extends boolean | undefined>(
  doc: string,
  fallback: D,
): ConfigOption<boolean, boolean, D> {
  return {
    kind: 'boolean',
    doc,
    default: fallback,
    parse(value, name) {
      if (typeof value !== 'boolean') throw invalid(name, 'a boolean', value);
      return value;
    },
  };
}

/** One of a fixed list of words; the spec parser lists them. */
function oneOf<T extends string, D extends T | undefined>(
  values: readonly T[],
  doc: string,
  fallback: D,
): ConfigOption<T, T, D> {
  return {
    kind: values,
    doc,
    default: fallback,
    parse(value, name) {
      if (!values.includes(value as T)) throw invalid(name, `one of ${values.join(' | ')}`, value);
      return value as T;
    },
  };
}

/** A key with its own check (union types, cross-checked lists); `parse` must throw INVALID_CONFIG. */
function custom<In, Out = In, D extends Out | undefined = undefined>(
  option: ConfigOption<In, Out, D>,
): ConfigOption<In, Out, D> {
  return option;
}

/** Refuses config keys the factory does not know (a typo must not be silently ignored). */
export function rejectUnknownKeys(
  config: object | undefined,
  known: readonly string[],
  factory: string,
): void {
  if (config === undefined) return;
  if (config === null || typeof config !== 'object')
    throw new AttentionError('INVALID_CONFIG', `${factory} config`, 'an object', describe(config));
  for (const key of Object.keys(config)) {
    if (!known.includes(key)) {
      throw new AttentionError(
        'INVALID_CONFIG',
        `${factory} config`,
        `keys among ${known.join(', ') || '(none)'}`,
        JSON.stringify(key),
      );
    }
  }
}

/** Builders for a variant's config schema. */
export const option = {
  /** An integer key, by default ≥ 1: block sizes, windows, feature counts. */
  integer,
  /** A finite number key with an optional (exclusive) lower bound: scales, ratios. */
  number,
  /** A true/false key; anything else, `'true'` included, is INVALID_CONFIG. */
  boolean,
  /** A key taking one word of a fixed list, which spec strings and error messages name. */
  oneOf,
  /** A key whose check no builder covers (unions, lists checked against each other). */
  custom,
};

/** Default budget of every variant: 2 GiB predicted peak per call, map or decoder state. */
export const DEFAULT_MEMORY_BUDGET = 2 ** 31;

/** The `memoryBudget` key every variant takes. */
export const memoryBudgetOption = integer(
  'Refuse (MEMORY_BUDGET) a call, weights() or decoder state predicted to need more bytes. Default 2 GiB.',
  DEFAULT_MEMORY_BUDGET,
);

/**
 * Checks a config against its schema: unknown keys are refused (a typo must not be silently
 * ignored), each given key is parsed, absent keys take their default. `given` lists the keys
 * the caller set, for variants whose keys depend on each other.
 */
export function parseConfig<S extends ConfigSchema>(
  schema: S,
  config: unknown,
  variant: string,
): { settings: SettingsOf<S>; given: (keyof S & string)[] } {
  rejectUnknownKeys(config as object | undefined, Object.keys(schema), variant);
  const known = Object.keys(schema);
  const raw = (config ?? {}) as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  const given: string[] = [];
  for (const key of known) {
    const value = raw[key];
    if (value === undefined) settings[key] = schema[key].default;
    else {
      settings[key] = schema[key].parse(value, `${variant} config.${key}`);
      given.push(key);
    }
  }
  return { settings: settings as SettingsOf<S>, given: given as (keyof S & string)[] };
}

/** What the spec parser needs of a schema: each key's kind. */
export function specOptions(schema: ConfigSchema): Record<string, OptionKind> {
  const options: Record<string, OptionKind> = {};
  for (const key of Object.keys(schema)) options[key] = schema[key].kind;
  return options;
}
