/**
 * Peak memory is measured, not computed: each configuration runs once in its own Node
 * process (memory-probe.child: built JS as is, TypeScript sources through tsx) so earlier runs, the gate and the JIT state of
 * other configurations stay out of the figure. Memory does not depend on the input values,
 * so one probe per (spec, N, causal) serves every workload.
 */

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BackendChoice } from '@attnkit/kernels';
import { relaxedSimdExecArgv } from '@attnkit/kernels/node';

export interface ProbeRequest {
  spec: string;
  backend: BackendChoice;
  threads: number;
  n: number;
  batch: number;
  heads: number;
  kvHeads: number;
  dim: number;
  causal: boolean;
  seed: number;
}

export interface ProbeResult {
  /** Peak resident set above the baseline taken after the inputs were built, bytes. */
  peakBytes: number;
  hwmBytes: number | null;
  sampledBytes: number;
  /** ArrayBuffer bytes still held after the call (the output, mostly). */
  retainedArrayBuffers: number;
  forwardMs: number;
  outputValues: number;
}

// Run from sources (tsx, vitest) the child is TypeScript too, and needs tsx and the source condition.
const fromSource = import.meta.url.endsWith('.ts');
const CHILD = fileURLToPath(
  new URL(fromSource ? './memory-probe.child.ts' : './memory-probe.child.js', import.meta.url),
);
const sourceArgs = () => ['--conditions=@attnkit/source', '--import', import.meta.resolve('tsx')];

export function probeMemory(req: ProbeRequest, timeoutMs = 600_000): Promise<ProbeResult> {
  const args = [
    '--expose-gc',
    // the kernels this process runs: V8's relaxed-SIMD flag on Node 20 once the CLI set it
    ...relaxedSimdExecArgv(),
    ...(fromSource ? sourceArgs() : []),
    CHILD,
    JSON.stringify(req),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const parsed = JSON.parse(line) as ProbeResult | { error: string };
        if ('error' in parsed) reject(new Error(`memory probe: ${parsed.error}`));
        else resolve(parsed);
      } catch {
        const why = signal ? `killed by ${signal}` : `exit code ${code}`;
        const lines = stderr.trim().split('\n');
        const error = lines.find((l) => /Error|error:/.test(l)) ?? lines.slice(-3).join(' | ');
        reject(new Error(`memory probe ${why}: ${error.trim()}`));
      }
    });
  });
}
