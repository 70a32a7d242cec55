import {
  type ConfigOf,
  type ConfigSchema,
  memoryBudgetOption,
  parseConfig,
  type SettingsOf,
  specOptions,
} from './config-schema.ts';
import { refuseOverBudget } from './memory-budget.ts';
import type { VariantDefinition } from './spec.ts';
import type { AttentionVariant, VariantTraits } from './types.ts';

/** The schema a variant states, with the `memoryBudget` key every variant takes. */
export type WithBudget<S extends ConfigSchema> = S & { memoryBudget: typeof memoryBudgetOption };

/** What `build` receives besides the settings. */
export interface VariantTools<S extends ConfigSchema> {
  /** Keys the caller set (not defaulted), in schema order. */
  given: readonly (keyof S & string)[];
  /** Throws MEMORY_BUDGET when `predictedBytes` exceeds config.memoryBudget; call it before allocating. */
  refuseOver(predictedBytes: number, argument: string, hint?: string): void;
}

/** What `build` returns: the variant minus what the definition already states (name, traits). */
export type VariantBody = Omit<AttentionVariant, 'name' | 'traits' | 'config'> & {
  /** What `variant.config` shows (default: the resolved settings); a getter stays live. */
  readonly config?: Readonly<Record<string, unknown>>;
};

/** The variant a body makes: the body's own members (extra methods included) plus the definition's. */
export type VariantOf<B extends VariantBody> = Omit<B, 'config'> & AttentionVariant;

/**
 * Everything a variant package states about itself, once: `defineVariant` derives the factory,
 * its config checks, the spec-string definition and the memory-budget refusal from it, so no
 * variant repeats its option list.
 */
export interface VariantSpec<S extends ConfigSchema, B extends VariantBody> {
  /** The name spec strings, errors and reports use (`'local-window'`). */
  name: string;
  /** What callers and the selector may rely on (exactness, decoder, training). */
  traits: VariantTraits;
  /** The variant's config keys, each stated once (see `option`); `memoryBudget` is added. */
  options: S;
  /**
   * Makes the variant from checked settings (defaults filled in): called once per factory call,
   * after the config passed, so it never needs to validate again.
   */
  build(settings: SettingsOf<WithBudget<S>>, tools: VariantTools<WithBudget<S>>): B;
}

/**
 * What `defineVariant` returns: a package exports `create` as its factory (`chunked()`) and
 * `definition` for spec strings (`chunkedDefinition`); both read the same schema.
 */
export interface DefinedVariant<S extends ConfigSchema, B extends VariantBody> {
  /** The factory: checks the config against the schema, then builds. */
  create(config?: ConfigOf<WithBudget<S>>): VariantOf<B>;
  /** For spec strings: the option kinds come from the same schema. */
  definition: VariantDefinition<ConfigOf<WithBudget<S>>>;
  /** The schema with `memoryBudget` added, for tools that list a variant's keys and defaults. */
  schema: WithBudget<S>;
}

/**
 * Defines a variant once: its name, traits and config schema give the factory's checks (unknown
 * keys refused, INVALID_CONFIG naming `<name> config.<key>`), the spec-string definition, the
 * default `config` and the memory-budget refusal.
 */
export function defineVariant<S extends ConfigSchema, B extends VariantBody>(
  spec: VariantSpec<S, B>,
): DefinedVariant<S, B> {
  const schema = { ...spec.options, memoryBudget: memoryBudgetOption } as WithBudget<S>;
  const create = (config?: ConfigOf<WithBudget<S>>): VariantOf<B> => {
    const { settings, given } = parseConfig(schema, config, spec.name);
    const budget = settings.memoryBudget as number;
    const body = spec.build(settings, {
      given,
      refuseOver: (bytes, argument, hint) => refuseOverBudget(bytes, budget, argument, hint),
    });
    const shown = Object.fromEntries(
      Object.entries(settings).filter(([, value]) => value !== undefined),
    );
    const variant = { name: spec.name, traits: spec.traits, config: shown };
    // Descriptors, not a spread: a `config` getter in the body must stay a getter.
    return Object.defineProperties(variant, Object.getOwnPropertyDescriptors(body)) as VariantOf<B>;
  };
  return {
    create,
    definition: { name: spec.name, options: specOptions(schema), create },
    schema,
  };
}
