/**
 * `attnkit select` flags → a UseCase, and `--profile` → a Profile. Value errors are commander's
 * InvalidArgumentError (exit 2 at parse time); combinations and files are checked after parsing
 * and throw a UsageError whose message the command prints before exiting 2.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  asProfile,
  type Positional,
  type Profile,
  type parseBytes,
  type parseMs,
  type QualityNeed,
  type UseCase,
  validateProfile,
} from '@attnkit/select';
import { InvalidArgumentError } from 'commander';

export interface SelectFlags {
  n: number;
  nk?: number;
  batch?: number;
  heads?: number;
  kvHeads?: number;
  dim?: number;
  valueDim?: number;
  causal?: boolean;
  decode?: boolean;
  both?: boolean;
  memory?: number;
  latency?: number;
  exact?: boolean;
  maxError?: number;
  workload?: string;
  distance?: number;
  recall?: number;
  bias?: Positional[];
  keyLengths?: number[];
  threads?: number;
  profile?: string;
  json?: boolean;
}

/** Needs that do not go together, or a profile that cannot be read: exit 2. */
export class UsageError extends Error {}

export const int = (flag: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`${flag}: expected an integer ≥ 1, got ${JSON.stringify(raw)}`);
  return n;
};

export const positive = (flag: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`${flag}: expected a number > 0, got ${JSON.stringify(raw)}`);
  return n;
};

/** A select-package unit parser (`1GiB`, `200ms`) whose errors become commander's. */
export const unit =
  (flag: string, parse: typeof parseBytes | typeof parseMs) =>
  (raw: string): number => {
    try {
      return parse(raw, flag);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };

export function readProfile(file: string, cwd: string): Profile {
  const at = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(at, 'utf8');
  } catch (error) {
    throw new UsageError(`--profile ${file}: ${(error as Error).message}`);
  }
  try {
    return validateProfile(asProfile(JSON.parse(text), file), file);
  } catch (error) {
    throw new UsageError(`--profile: ${(error as Error).message}`);
  }
}

export function useCaseOf(f: SelectFlags): UseCase {
  const needs = [f.exact, f.maxError !== undefined, f.distance !== undefined].filter(Boolean);
  if (needs.length > 1) throw new UsageError('give one of --exact, --max-error, --distance');
  if (f.workload !== undefined && f.maxError === undefined)
    throw new UsageError('--workload goes with --max-error');
  if (f.recall !== undefined && f.distance === undefined)
    throw new UsageError('--recall goes with --distance');
  let quality: QualityNeed = { exact: true };
  if (f.maxError !== undefined)
    quality = { maxError: f.maxError, workload: f.workload ?? 'mixture' };
  if (f.distance !== undefined) quality = { distance: f.distance, recall: f.recall ?? 0.9 };
  const u: UseCase = {
    queryLength: f.n,
    keyLength: f.nk ?? f.n,
    mode: f.both ? 'both' : f.decode ? 'decode' : 'prefill',
    causal: Boolean(f.causal || f.decode || f.both),
    quality,
  };
  if (f.decode && f.nk === undefined) u.queryLength = 1;
  const copy: [keyof SelectFlags, keyof UseCase][] = [
    ['batch', 'batch'],
    ['heads', 'heads'],
    ['kvHeads', 'kvHeads'],
    ['dim', 'headDim'],
    ['valueDim', 'valueDim'],
    ['memory', 'memoryBudget'],
    ['latency', 'latencyBudget'],
    ['bias', 'positional'],
    ['keyLengths', 'keyLengths'],
    ['threads', 'threads'],
  ];
  for (const [from, to] of copy)
    if (f[from] !== undefined) (u as unknown as Record<string, unknown>)[to] = f[from];
  return u;
}
