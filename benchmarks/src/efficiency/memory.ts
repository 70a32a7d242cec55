/** The memory column: each sub-quadratic variant's extra bytes ÷ its output, one child each. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childNodeArgs } from '../lib/measure.ts';

export interface MemoryFigure {
  spec: string;
  n: number;
  outputBytes: number;
  /** Peak resident set above the inputs during one forward (output included). */
  measured: number;
  /** cost().peakBytes of the same call. */
  predicted: number;
}

const child = fileURLToPath(new URL('./peak.child.ts', import.meta.url));

export function measureMemory(spec: string, n: number, causal = false): MemoryFigure | string {
  const r = spawnSync(
    process.execPath,
    [...childNodeArgs(), child, JSON.stringify({ spec, n, causal })],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    },
  );
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !line.startsWith('{'))
    return `child failed (status ${r.status}): ${r.stderr.trim().split('\n').slice(-2).join(' ')}`;
  return JSON.parse(line) as MemoryFigure;
}
