import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes `file` so a reader (or a run killed mid-write) sees the old file or the new one, never
 * half of one: a temp file beside it, then rename (atomic within one file system).
 */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Infinity and NaN are not JSON: they are written as strings so nothing is lost. */
const replacer = (_key: string, value: unknown) =>
  typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;

/** `value` as indented JSON, written atomically. */
export const writeJsonAtomic = (file: string, value: unknown): void =>
  writeFileAtomic(file, `${JSON.stringify(value, replacer, 2)}\n`);
