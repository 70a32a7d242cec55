import { option } from './config-schema.ts';

export { rejectUnknownKeys } from './config-schema.ts';

// One-off config checks for code that has no schema (positional encodings, the pool, peers);
// they share the schema's option checks, so every package words the same mistake the same way.

/** `value` as an integer in [min, max], `fallback` when undefined; else INVALID_CONFIG naming `name`. */
export function configInteger(
  value: unknown,
  name: string,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  return value === undefined
    ? fallback
    : option.integer('', fallback, { min, max }).parse(value, name);
}

/** `value` as a finite number above `min` (strictly when `exclusiveMin`), `fallback` when undefined; else INVALID_CONFIG naming `name`. */
export function configNumber(
  value: unknown,
  name: string,
  fallback: number,
  min = Number.NEGATIVE_INFINITY,
  exclusiveMin = false,
): number {
  return value === undefined
    ? fallback
    : option.number('', fallback, { min, exclusiveMin }).parse(value, name);
}

/** `value` as one of `allowed`, `fallback` when undefined; else INVALID_CONFIG listing the allowed words. */
export function configEnum<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  return value === undefined ? fallback : option.oneOf(allowed, '', fallback).parse(value, name);
}

/** `value` as a boolean, `fallback` when undefined; else INVALID_CONFIG naming `name`. */
export function configBoolean(value: unknown, name: string, fallback: boolean): boolean {
  return value === undefined ? fallback : option.boolean('', fallback).parse(value, name);
}
