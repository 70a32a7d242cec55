import { AttentionError, describe } from './errors.ts';
import type { AttentionVariant } from './types.ts';

/** How one config key is written in a spec string. Enums list their allowed words. */
export type OptionKind =
  | 'integer'
  | 'number'
  | 'boolean'
  | 'string'
  | 'integer[]'
  | readonly string[];

/**
 * What a variant package exports besides its factory, so spec strings such as
 * `local-window:window=256` parse to the same typed config the factory takes.
 * There is no global registry: the app passes the list of definitions it wants.
 */
export interface VariantDefinition<C extends object = Record<string, unknown>> {
  readonly name: string;
  readonly options: Readonly<Record<string, OptionKind>>;
  /** The variant for `config` (the factory of the package). */
  create(config?: Partial<C>): AttentionVariant;
}

/** A spec string split into its variant name and typed config, before the variant is created. */
export interface ParsedSpec {
  name: string;
  config: Record<string, unknown>;
}

// Plain decimal only: hex (0x10), exponents (1e2), signs (+16), fractions (16.0), leading zeros
// and whitespace are refused for integers rather than read as something the user may not mean.
const PLAIN_INTEGER = /^-?(0|[1-9][0-9]*)$/;
const PLAIN_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

function parseValue(spec: string, key: string, raw: string, kind: OptionKind): unknown {
  const bad = (expected: string) =>
    new AttentionError('INVALID_CONFIG', `spec "${spec}" key ${key}`, expected, describe(raw));
  if (Array.isArray(kind)) {
    if (!kind.includes(raw)) throw bad(`one of ${kind.join(' | ')}`);
    return raw;
  }
  switch (kind) {
    case 'integer': {
      const n = Number(raw);
      if (!PLAIN_INTEGER.test(raw) || !Number.isSafeInteger(n))
        throw bad('a plain decimal integer such as 16');
      return n;
    }
    case 'number': {
      const n = Number(raw);
      if (!PLAIN_NUMBER.test(raw) || !Number.isFinite(n))
        throw bad('a decimal number such as 0.5 or 1e-3');
      return n;
    }
    case 'boolean':
      if (raw === 'true' || raw === 'on' || raw === '1') return true;
      if (raw === 'false' || raw === 'off' || raw === '0') return false;
      throw bad('true | false');
    case 'integer[]': {
      const parts = raw.split('+');
      if (parts.some((p) => !PLAIN_INTEGER.test(p) || !Number.isSafeInteger(Number(p))))
        throw bad('plain decimal integers joined by "+", e.g. 0+7');
      return parts.map(Number);
    }
    default:
      return raw;
  }
}

/** `name` or `name:key=value,key=value` → the definition it names and its typed config. */
export function parseSpec<D extends VariantDefinition<object>>(
  spec: string,
  definitions: readonly D[],
): { definition: D; config: Record<string, unknown> } {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new AttentionError(
      'INVALID_CONFIG',
      'spec',
      'a string such as "local-window:window=256"',
      describe(spec),
    );
  }
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const definition = definitions.find((d) => d.name === name);
  if (!definition) {
    throw new AttentionError(
      'INVALID_CONFIG',
      `spec "${spec}" name`,
      `one of ${definitions.map((d) => d.name).join(', ')}`,
      JSON.stringify(name),
    );
  }
  const config: Record<string, unknown> = {};
  const body = colon < 0 ? '' : spec.slice(colon + 1).trim();
  for (const pair of body === '' ? [] : body.split(',')) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const kind = definition.options[key];
    if (kind === undefined) {
      const known = Object.keys(definition.options);
      throw new AttentionError(
        'INVALID_CONFIG',
        `spec "${spec}" key`,
        known.length ? `one of ${known.join(', ')}` : `no keys for ${name}`,
        JSON.stringify(key),
      );
    }
    if (eq < 0)
      throw new AttentionError(
        'INVALID_CONFIG',
        `spec "${spec}" key ${key}`,
        'key=value',
        JSON.stringify(pair),
      );
    if (key in config)
      throw new AttentionError(
        'INVALID_CONFIG',
        `spec "${spec}" key ${key}`,
        'given once',
        'given twice',
      );
    config[key] = parseValue(spec, key, pair.slice(eq + 1), kind);
  }
  return { definition, config };
}

/** Parses a spec and calls the named factory with its config. */
export function createFromSpec(
  spec: string,
  definitions: readonly VariantDefinition<object>[],
): AttentionVariant {
  const { definition, config } = parseSpec(spec, definitions);
  return definition.create(config);
}

/** The canonical spec string of a name and config: keys sorted, arrays joined by "+". */
export function formatSpec(name: string, config: Readonly<Record<string, unknown>>): string {
  const parts = Object.keys(config)
    .filter((key) => config[key] !== undefined)
    .sort()
    .map((key) => {
      const value = config[key];
      return `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`;
    });
  return parts.length ? `${name}:${parts.join(',')}` : name;
}
