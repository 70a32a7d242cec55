import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { markdownTable, timeCall } from '@attnkit/cli/lib';
import { enableRelaxedSimd, relaxedSimdExecArgv } from '@attnkit/kernels/node';

/**
 * Every suite runs the fastest kernels this Node can. On Node 20 that means V8's relaxed-SIMD
 * flag, set here because each suite imports this module before its body creates any variant
 * (RELAXED_SIMD=0 keeps the SIMD128 build). Suites that list backends still time both wasm builds.
 */
export const relaxedSimd = process.env.RELAXED_SIMD === '0' ? 'off' : enableRelaxedSimd();

/** Node options for a suite's child process (a peak-memory probe): the same kernels as here. */
export const childNodeArgs = (): string[] => [
  '--expose-gc',
  ...relaxedSimdExecArgv(),
  '--conditions=@attnkit/source',
  '--import',
  'tsx',
];

/**
 * Runs a peak-memory child module on one request, in a fresh process so its peak is its own;
 * the child prints its result as the last line of stdout.
 */
export function runChild<Request, Result>(child: URL, request: Request): Result {
  const args = [...childNodeArgs(), fileURLToPath(child), JSON.stringify(request)];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`peak child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Result;
}

export interface Measured {
  name: string;
  medianMs: number;
  /** Median absolute deviation of the samples, ms: the spread that survives outliers. */
  madMs: number;
  samples: number;
}

/** Runs one function under tinybench (one warm-up call) and returns its median latency. `time` in ms. */
export async function measure(
  name: string,
  fn: () => unknown,
  opts: { time?: number; iterations?: number } = {},
): Promise<Measured> {
  const t = await timeCall(fn, {
    timeMs: opts.time ?? 1500,
    iterations: opts.iterations ?? 5,
    warmupIterations: 1,
  });
  return { name, medianMs: t.medianMs, madMs: t.madMs, samples: t.samples };
}

/** One line that says where the figures come from. */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu} · ${os.cpus().length} cores · Node ${process.version} (relaxed SIMD: ${relaxedSimd}) · ${os.platform()} ${os.arch()}`;
}

/**
 * The machine's 1-minute load average against its core count, measured now: figures taken while
 * other processes ran say so (a load near the core count halves what one thread gets).
 */
export function loadLine(): string {
  const load = os.loadavg()[0];
  return `load average ${load.toFixed(2)} on ${os.cpus().length} cores when this run started`;
}

export const gflops = (flops: number, ms: number) => flops / (ms * 1e6);

/** Figures right-aligned: the suites' tables are columns of numbers. */
export const table = (header: string[], rows: (string | number)[][]): string =>
  markdownTable(header, rows, 'right');
