/** Stable error codes: callers may switch on them; messages may improve between versions. */
export type AttentionErrorCode =
  | 'SHAPE_MISMATCH'
  | 'INVALID_CONFIG'
  | 'NON_FINITE'
  | 'MEMORY_BUDGET'
  | 'UNSUPPORTED';

/**
 * The one error every attnkit package throws for input it refuses. The message always names
 * the argument, what was expected and what came, e.g.
 * `k.shape[3] (head dim): expected 64 (q's head dim), got 32`.
 */
export class AttentionError extends Error {
  readonly code: AttentionErrorCode;
  readonly argument: string;
  readonly expected: string;
  readonly received: string;

  constructor(
    code: AttentionErrorCode,
    argument: string,
    expected: string,
    received: string,
    hint?: string,
  ) {
    super(`${argument}: expected ${expected}, got ${received}${hint ? ` (${hint})` : ''}`);
    this.name = 'AttentionError';
    this.code = code;
    this.argument = argument;
    this.expected = expected;
    this.received = received;
  }
}

/** Short, safe description of any value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value))
    return `[${value.slice(0, 6).map(describe).join(', ')}${value.length > 6 ? ', …' : ''}]`;
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name}(${(value as Float32Array).length})`;
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
