/** Human units for the CLI and the text report: bytes as KiB/MiB/GiB, time as µs/ms/s. */
import { AttentionError, describe } from '@attnkit/core';

/** Bytes in binary units with three significant figures, e.g. '64.0 MiB'. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let x = bytes;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${x >= 100 || u === 0 ? x.toFixed(0) : x.toPrecision(3)} ${units[u]}`;
}

/** Milliseconds as µs, ms or s with three significant figures, e.g. '9.40 s'. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${ms.toPrecision(3)} ms`;
  return `${(ms * 1000).toPrecision(3)} µs`;
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  tib: 1024 ** 4,
};
const TIME_UNITS: Record<string, number> = {
  '': 1,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
};

function parseUnit(
  raw: string,
  name: string,
  table: Record<string, number>,
  example: string,
): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([a-zµ]*)\s*$/i.exec(String(raw));
  const factor = m ? table[m[2].toLowerCase()] : undefined;
  if (!m || factor === undefined || !(Number(m[1]) > 0))
    throw new AttentionError(
      'INVALID_CONFIG',
      name,
      `a positive size such as ${example}`,
      describe(raw),
    );
  return Number(m[1]) * factor;
}

/** "1GiB", "512MB", "65536" → bytes. */
export const parseBytes = (raw: string, name = 'memory') =>
  Math.round(parseUnit(raw, name, BYTE_UNITS, '1GiB or 512MB'));
/** "200ms", "2s", "150" (ms) → milliseconds. */
export const parseMs = (raw: string, name = 'latency') =>
  parseUnit(raw, name, TIME_UNITS, '200ms or 2s');
