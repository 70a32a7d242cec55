import { AttentionError, describe } from './errors.ts';

// Factories' shared config checks, so every package words the same mistake the same way.

/** `value` as an integer in [min, max], `fallback` when undefined; else INVALID_CONFIG naming `name`. */
export function configInteger(
  value: unknown,
  name: string,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw new AttentionError('INVALID_CONFIG', name, range, describe(value));
  }
  return value as number;
}

/** `value` as a finite number above `min` (strictly when `exclusiveMin`), `fallback` when undefined; else INVALID_CONFIG naming `name`. */
export function configNumber(
  value: unknown,
  name: string,
  fallback: number,
  min = Number.NEGATIVE_INFINITY,
  exclusiveMin = false,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    (exclusiveMin && value === min)
  ) {
    throw new AttentionError(
      'INVALID_CONFIG',
      name,
      `a finite number ${exclusiveMin ? '>' : '>='} ${min}`,
      describe(value),
    );
  }
  return value;
}

/** `value` as one of `allowed`, `fallback` when undefined; else INVALID_CONFIG listing the allowed words. */
export function configEnum<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T))
    throw new AttentionError(
      'INVALID_CONFIG',
      name,
      `one of ${allowed.join(' | ')}`,
      describe(value),
    );
  return value as T;
}

/** `value` as a boolean, `fallback` when undefined; else INVALID_CONFIG naming `name`. */
export function configBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new AttentionError('INVALID_CONFIG', name, 'a boolean', describe(value));
  return value;
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
