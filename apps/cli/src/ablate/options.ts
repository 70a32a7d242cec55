/**
 * `attnkit ablate` flags → AblateOptions. A point is spec × N × causal × dim; each point runs
 * once per seed (inputs and the variant's random features re-drawn) on every chosen workload.
 */
import { BACKEND_CHOICES, type BackendChoice } from '@attnkit/kernels';
import { WORKLOADS, type WorkloadName } from '@attnkit/metrics';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parseLength } from '../bench/options.ts';
import { TASKS } from './tasks.ts';

export interface Part {
  /** 1-based. */
  index: number;
  count: number;
}

export interface AblateOptions {
  sweeps: string[];
  lengths: number[];
  causal: boolean[];
  dim: number;
  /** Workload labels: a name, or name:knob (entropy:0.999 — the workload's documented knob). */
  workloads: string[];
  seeds: number[];
  backend: BackendChoice;
  relaxedSimd: boolean;
  /** tinybench time per timed call, ms. */
  benchTime: number;
  /** Probe peak memory in a child process (off: --no-memory). */
  memory: boolean;
  out: string | null;
  shard: Part | null;
  jobs: number;
  /** Set by --jobs on the processes it starts: this process's share of the (shard's) points. */
  job: Part | null;
  resume: boolean;
  json: boolean;
}

export interface RawAblateFlags {
  lengths: string;
  causal: 'both' | 'true' | 'false';
  dim: number;
  workload: string;
  seeds: number;
  backend: BackendChoice;
  relaxedSimd: boolean;
  benchTime: number;
  memory: boolean;
  out?: string;
  shard?: string;
  jobs: number;
  job?: string;
  resume: boolean;
  json: boolean;
  task?: string;
}

const positiveInt = (what: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`${what}: expected a positive integer, got "${raw}"`);
  return n;
};

const list = (raw: string) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `entropy` or `entropy:0.999` → the metrics workload and its knob (undefined: its default). */
export function parseWorkload(label: string): { name: WorkloadName; knob: number | undefined } {
  const [name, knobText, extra] = label.split(':');
  const info = WORKLOADS.find((w) => w.name === name);
  if (!info || extra !== undefined)
    throw new InvalidArgumentError(
      `--workload ${label}: expected name or name:knob, name one of ${WORKLOADS.map((w) => w.name).join(', ')}`,
    );
  if (knobText === undefined) return { name: info.name, knob: undefined };
  const knob = Number(knobText);
  if (!info.knob || knobText.trim() === '' || !Number.isFinite(knob))
    throw new InvalidArgumentError(
      `--workload ${label}: ${info.knob ? `expected a number for ${info.knob.name}` : `${name} has no knob`}`,
    );
  return { name: info.name, knob };
}

/** `i/n` with 1 ≤ i ≤ n. */
export function parsePart(what: string, raw: string): Part {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(index >= 1 && count >= 1 && index <= count))
    throw new InvalidArgumentError(`${what}: expected i/n with 1 ≤ i ≤ n, e.g. 1/4, got "${raw}"`);
  return { index, count };
}

export function addAblateOptions(command: Command): Command {
  return command
    .description(
      "Sweep variants' knobs (lists {a,b}, ranges 32..1024*2 or 0..1+0.25, products across knobs) over lengths, causal modes, workloads and seeds: time, peak memory, error, mass kept and recall per point, a Pareto front, CSV, JSON, report.md and SVG charts.",
    )
    .argument(
      '<sweep...>',
      "sweep specs, e.g. 'local-window:window=32..512*2' 'linear:featureMap=favor,features={64,256}'",
    )
    .option('--lengths <list>', 'sequence lengths N, e.g. 4k,16k', '4k,16k')
    .addOption(
      new Option('--causal <mode>', 'causal mask')
        .choices(['both', 'true', 'false'])
        .default('true'),
    )
    .option('--dim <d>', 'head dim D', positiveInt('--dim'), 64)
    .option(
      '--workload <list>',
      `quality workloads from @attnkit/metrics, each as name or name:knob (e.g. entropy:0.999): ${WORKLOADS.map((w) => (w.knob ? `${w.name} (knob ${w.knob.name}, default ${w.knob.default})` : w.name)).join(', ')}`,
      'mixture',
    )
    .option(
      '--seeds <k>',
      'seeds 1…k: inputs and random features re-drawn per seed',
      positiveInt('--seeds'),
      3,
    )
    .addOption(
      new Option('--backend <name>', 'kernel backend given to every variant')
        .choices([...BACKEND_CHOICES])
        .default('auto'),
    )
    .option('--no-relaxed-simd', "on Node 20, do not set V8's relaxed-SIMD flag")
    .option(
      '--bench-time <ms>',
      'tinybench time per timed call, ms',
      positiveInt('--bench-time'),
      200,
    )
    .option('--no-memory', 'skip the peak-memory probe (a child process per point): faster')
    .option('--out <dir>', 'results folder (default ablation-<timestamp> in the current folder)')
    .option(
      '--shard <i/n>',
      'run the i-th of n deterministic shares of the points (merge them with `attnkit ablate merge`)',
    )
    .option(
      '--jobs <n>',
      'points in n processes at once (default 1: timings need a quiet core)',
      positiveInt('--jobs'),
      1,
    )
    .addOption(new Option('--job <i/n>').hideHelp())
    .option('--resume', 'continue the run in --out: finished points are kept, the rest run', false)
    .option('--json', 'print ablation.json to stdout at the end', false)
    .option(
      '--task <name>',
      'a training task as the workload (e.g. mqar): comes with the trainer (issue 23); none is available yet',
    );
}

/** Flags → options; throws InvalidArgumentError naming the flag. */
export function resolveAblateOptions(sweeps: string[], flags: RawAblateFlags): AblateOptions {
  if (flags.task !== undefined && !(flags.task in TASKS))
    throw new InvalidArgumentError(
      `--task ${flags.task}: training tasks come with the trainer (@attnkit/train, issue 23); available: ${Object.keys(TASKS).join(', ') || 'none yet'}`,
    );
  const lengths = [...new Set(list(flags.lengths).map(parseLength))].sort((a, b) => a - b);
  if (lengths.length === 0) throw new InvalidArgumentError('--lengths: expected at least one N');
  const workloads = [...new Set(list(flags.workload))];
  for (const w of workloads) parseWorkload(w);
  if (workloads.length === 0) throw new InvalidArgumentError('--workload: expected a workload');
  const shard = flags.shard === undefined ? null : parsePart('--shard', flags.shard);
  const job = flags.job === undefined ? null : parsePart('--job', flags.job);
  return {
    sweeps: [...new Set(sweeps.map((s) => s.trim()).filter(Boolean))],
    lengths,
    causal: flags.causal === 'both' ? [false, true] : [flags.causal === 'true'],
    dim: flags.dim,
    workloads,
    seeds: Array.from({ length: flags.seeds }, (_, i) => i + 1),
    backend: flags.backend,
    relaxedSimd: flags.relaxedSimd,
    benchTime: flags.benchTime,
    memory: flags.memory,
    out: flags.out ?? null,
    shard,
    jobs: flags.jobs,
    job,
    resume: flags.resume,
    json: flags.json,
  };
}
