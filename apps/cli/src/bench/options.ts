/**
 * The command line: flags → BenchOptions. Lengths N are per sequence (Nq = Nk = N);
 * d is the head dim, h heads, b batch.
 */
import { BACKEND_CHOICES, type BackendChoice } from '@attnkit/kernels';
import { WORKLOADS, type WorkloadName } from '@attnkit/metrics';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_SPECS } from './variants.ts';

/** A workload of @attnkit/metrics: `random` for timing, the others for quality figures. */
export type Workload = WorkloadName;
export const WORKLOAD_NAMES = WORKLOADS.map((w) => w.name);
/**
 * The default suite: timing on `random`, quality on `mixture` (the default quality figure: local
 * decay, sinks, long pairs) and `retrieval` (planted pairs in every distance bucket: recall and
 * mass kept by distance). Three workloads, as many as the suite ran before.
 */
export const DEFAULT_WORKLOADS: readonly Workload[] = ['random', 'mixture', 'retrieval'];
export const isQualityWorkload = (w: Workload) => w !== 'random';
/** The workload of the headline quality figure: mixture when run, else the first quality one. */
export const primaryQualityWorkload = (workloads: readonly Workload[]): Workload | null =>
  workloads.includes('mixture') ? 'mixture' : (workloads.find(isQualityWorkload) ?? null);

export interface BenchOptions {
  specs: string[];
  /** Explicit lengths for every spec, or null: powers of two from 512, 16K quadratic / 256K others. */
  lengths: number[] | null;
  dim: number;
  heads: number;
  kvHeads: number;
  batch: number;
  causal: boolean[];
  backend: BackendChoice;
  /** On Node 20, set V8's relaxed-SIMD flag so the FMA build runs (false: the SIMD128 build). */
  relaxedSimd: boolean;
  threads: number;
  workloads: Workload[];
  /** Seconds one forward call may take (predicted from cost()); longer ones are skipped. */
  timeBudget: number;
  /** Bytes one call may hold beyond its inputs (cost().peakBytes); larger ones are skipped. */
  memoryBudget: number;
  /** Wall-clock seconds for the whole suite (0: none); configurations that no longer fit are skipped. */
  suiteBudget: number;
  out: string | null;
  json: boolean;
  resume: boolean;
  peers: string[];
  quick: boolean;
  seed: number;
  /** tinybench time per configuration, ms. */
  benchTime: number;
}

export const MAX_LENGTH = 2 ** 20;

/** `4096`, `4k`, `64K`, `1M` → tokens (k = 1024). */
export function parseLength(raw: string): number {
  const m = /^\s*(\d+)\s*([kKmM]?)\s*$/.exec(raw);
  if (!m) throw new InvalidArgumentError(`length "${raw}": expected a count such as 4096, 4k, 1M`);
  const n = Number(m[1]) * (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1024 : 2 ** 20);
  if (n < 1 || n > MAX_LENGTH)
    throw new InvalidArgumentError(`length "${raw}": expected 1 … ${MAX_LENGTH} (1M), got ${n}`);
  return n;
}

/** `2GiB`, `512MB`, `1.5G`, `1000000` → bytes (binary units). */
export function parseBytes(raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)\s*$/i.exec(raw);
  if (!m) throw new InvalidArgumentError(`size "${raw}": expected bytes such as 2GiB or 512MB`);
  const unit = m[2].toLowerCase()[0] ?? '';
  const scale = unit === 'k' ? 2 ** 10 : unit === 'm' ? 2 ** 20 : unit === 'g' ? 2 ** 30 : 1;
  return Math.round(Number(m[1]) * scale);
}

function positiveInt(what: string) {
  return (raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${what}: expected a positive integer, got "${raw}"`);
    return n;
  };
}

function positiveNumber(what: string) {
  return (raw: string) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0)
      throw new InvalidArgumentError(`${what}: expected a positive number, got "${raw}"`);
    return n;
  };
}

const list = (raw: string) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The bench command's flags on `command` (a subcommand of `attnkit`, or a Command of its own). */
export function addBenchOptions(command: Command): Command {
  return command
    .description(
      'Every attention variant on long sequences, side by side: correctness gate, time, measured peak memory, and quality on workloads modelled on trained attention (per-row error with its interval, attention mass kept and recall per distance). Writes results.json, report.md and SVG charts.',
    )
    .option(
      '--variants <spec...>',
      'variant spec strings, space-separated (a spec may hold commas; ";" also separates)',
      [...DEFAULT_SPECS],
    )
    .option(
      '--lengths <list>',
      'sequence lengths, e.g. 512,4k,64k,1M (default: powers of two from 512; up to 16K for quadratic specs, 256K for the others)',
    )
    .option('--dim <d>', 'head dim D', positiveInt('--dim'), 64)
    .option('--heads <h>', 'query heads H', positiveInt('--heads'), 1)
    .option(
      '--kv-heads <h>',
      'key/value heads Hkv (divides H; default H)',
      positiveInt('--kv-heads'),
    )
    .option('--batch <b>', 'batch B', positiveInt('--batch'), 1)
    .addOption(
      new Option('--causal <mode>', 'causal mask').choices(['on', 'off', 'both']).default('both'),
    )
    .addOption(
      new Option('--backend <name>', 'kernel backend given to every variant')
        .choices([...BACKEND_CHOICES])
        .default('auto'),
    )
    .option(
      '--no-relaxed-simd',
      "on Node 20, do not set V8's --experimental-wasm-relaxed-simd: the SIMD128 build runs instead of the relaxed-SIMD (FMA) one, which Node >= 22 runs unflagged",
    )
    .option(
      '--threads <n>',
      'worker threads: above 1, every forward runs on the @attnkit/pool worker pool (batch×heads and query blocks split across workers); the memory probe uses the same pool',
      positiveInt('--threads'),
      1,
    )
    .addOption(
      new Option(
        '--workload <name>',
        'input workload (@attnkit/metrics): random is timed only; the others give quality figures; "default" = random, mixture, retrieval; "all" = every one, random first',
      )
        .choices([...WORKLOAD_NAMES, 'default', 'all'])
        .default('default'),
    )
    .option(
      '--time-budget <s>',
      'skip a configuration whose forward is predicted (from cost() and the measured GFLOP/s) to take longer than this many seconds',
      positiveNumber('--time-budget'),
    )
    .option(
      '--memory-budget <size>',
      'skip a configuration whose cost().peakBytes plus inputs exceed this (e.g. 2GiB)',
      parseBytes,
    )
    .option(
      '--suite-budget <s>',
      'wall-clock seconds for the whole suite, 0 for none (default 270, --quick 50): configurations that no longer fit are skipped, longest N first',
      (raw: string) => {
        const n = Number(raw);
        if (!Number.isFinite(n) || n < 0)
          throw new InvalidArgumentError(`--suite-budget: expected seconds ≥ 0, got "${raw}"`);
        return n;
      },
    )
    .option('--out <dir>', 'results folder (default bench-results/<timestamp>)')
    .option('--json', 'print results.json to stdout at the end (progress goes to stderr)', false)
    .option(
      '--resume',
      'continue the run in --out (or the newest folder under bench-results/) with the options it started with',
      false,
    )
    .option(
      '--peers <list>',
      'peer libraries: onnxruntime-node,onnxruntime-web,tfjs-wasm',
      list,
      [],
    )
    .option('--quick', 'smoke run in under a minute (small N, short timings)', false)
    .option(
      '--decode',
      'instead of the suite: one decoder step of each spec at context 1K … 128K (--quick: 1K, 4K; --lengths sets them), B = 1, H = 8, Hkv = 2, d = --dim, in tokens/s against a streaming read of the same bytes; prints the table',
      false,
    )
    .option('--seed <n>', 'input seed', positiveInt('--seed'), 1);
}

export interface RawFlags {
  variants: string[];
  lengths?: string;
  dim: number;
  heads: number;
  kvHeads?: number;
  batch: number;
  causal: 'on' | 'off' | 'both';
  backend: BackendChoice;
  relaxedSimd: boolean;
  threads: number;
  workload: Workload | 'default' | 'all';
  timeBudget?: number;
  memoryBudget?: number;
  suiteBudget?: number;
  out?: string;
  json: boolean;
  resume: boolean;
  peers: string[];
  quick: boolean;
  decode?: boolean;
  seed: number;
}

export const QUICK_LENGTHS = [256, 512];

/** Flags → options; throws InvalidArgumentError on combinations commander cannot check. */
export function resolveOptions(flags: RawFlags): BenchOptions {
  const specs = flags.variants
    .flatMap((s) => s.split(';'))
    .map((s) => s.trim())
    .filter(Boolean);
  if (specs.length === 0) throw new InvalidArgumentError('--variants: expected at least one spec');
  const kvHeads = flags.kvHeads ?? flags.heads;
  if (flags.heads % kvHeads !== 0)
    throw new InvalidArgumentError(`--kv-heads ${kvHeads} must divide --heads ${flags.heads}`);
  const lengths = flags.lengths
    ? [...new Set(list(flags.lengths).map(parseLength))].sort((a, b) => a - b)
    : flags.quick
      ? QUICK_LENGTHS
      : null;
  return {
    specs: [...new Set(specs)],
    lengths,
    dim: flags.dim,
    heads: flags.heads,
    kvHeads,
    batch: flags.batch,
    causal: flags.causal === 'both' ? [false, true] : [flags.causal === 'on'],
    backend: flags.backend,
    relaxedSimd: flags.relaxedSimd,
    threads: flags.threads,
    workloads:
      flags.workload === 'default'
        ? [...DEFAULT_WORKLOADS]
        : flags.workload === 'all'
          ? [...WORKLOAD_NAMES]
          : [flags.workload],
    timeBudget: flags.timeBudget ?? (flags.quick ? 1 : 1.2),
    memoryBudget: flags.memoryBudget ?? 2 ** 31,
    suiteBudget: flags.suiteBudget ?? (flags.quick ? 50 : 270),
    out: flags.out ?? null,
    json: flags.json,
    resume: flags.resume,
    peers: [...new Set(flags.peers)],
    quick: flags.quick,
    seed: flags.seed,
    benchTime: flags.quick ? 60 : 300,
  };
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const program = addBenchOptions(new Command('bench'));
  program.exitOverride();
  program.parse(argv as string[], { from: 'user' });
  return resolveOptions(program.opts<RawFlags>());
}
