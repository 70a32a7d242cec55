/**
 * `attnkit bench` once its flags are parsed: sets up (or resumes) the results folder, runs the
 * suite, then writes fits, report.md and the SVG charts and prints the table. Returns the exit
 * code: 0 done, 1 a run that failed (a configuration failed, or no requested spec could run),
 * 2 a usage error found after parsing (flags that do not go together, nothing to resume).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getKernels } from '@attnkit/kernels';
import { enableRelaxedSimd } from '@attnkit/kernels/node';
import { type AttentionPool, createPool } from '@attnkit/pool';
import type { MainIo } from '../io.ts';
import { defaultLengths } from './budget.ts';
import { writeCharts } from './charts.ts';
import { runDecode } from './decode.ts';
import { type BenchOptions, type RawFlags, resolveOptions } from './options.ts';
import { createProgress } from './progress.ts';
import { renderReport, terminalTable } from './report.ts';
import {
  latestResultsDir,
  machineInfo,
  newResults,
  type Results,
  readResults,
  removeStaleTemps,
  timestampDir,
  writeResults,
} from './results.ts';
import { peerSubjects, type Subject, variantSubject } from './subjects.ts';
import { calibrate, runSuite, type SuitePlan } from './suite.ts';
import { computeFits } from './summarize.ts';

/** The monorepo root (holding pnpm-workspace.yaml) above `dir`, so `pnpm bench` writes to <root>/bench-results. */
function workspaceRoot(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'pnpm-workspace.yaml'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

/** Before any variant exists: on Node 20 the relaxed-SIMD build needs V8's flag (see @attnkit/kernels/node). */
const relaxedSimdFor = (options: BenchOptions) =>
  options.relaxedSimd === false ? 'off' : enableRelaxedSimd();

function setup(
  options: BenchOptions,
  io: MainIo,
): { dir: string; results: Results; options: BenchOptions } {
  const root = path.join(workspaceRoot(io.cwd) ?? io.cwd, 'bench-results');
  if (options.resume) {
    const dir = options.out ? path.resolve(io.cwd, options.out) : latestResultsDir(root);
    if (!dir) throw new Error(`--resume: no results.json under ${root}; pass --out DIR`);
    const results = readResults(dir);
    removeStaleTemps(dir);
    // The run continues with the options it started with; only output flags come from now.
    const resumed = { ...results.options, json: options.json, resume: true };
    relaxedSimdFor(resumed);
    results.complete = false;
    return { dir, results, options: resumed };
  }
  const dir = options.out ? path.resolve(io.cwd, options.out) : timestampDir(root);
  const relaxed = relaxedSimdFor(options);
  const backend = getKernels(options.backend).name;
  const machine = machineInfo(backend, options.threads, relaxed);
  return { dir, results: newResults(options, machine), options };
}

export async function runBench(flags: RawFlags, io: MainIo): Promise<number> {
  if (flags.decode) return runDecode(flags, io);
  let parsed: BenchOptions;
  try {
    parsed = resolveOptions(flags);
  } catch (error) {
    io.stderr.write(`attnkit bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  let ctx: ReturnType<typeof setup>;
  try {
    ctx = setup(parsed, io);
  } catch (error) {
    io.stderr.write(`attnkit bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const { dir, results, options } = ctx;
  const log = (line: string) => io.stderr.write(`${line}\n`);
  log(`attnkit bench → ${dir}`);

  const subjects: Subject[] = [];
  results.unavailable = [];
  const pool: AttentionPool | null =
    options.threads > 1 ? createPool({ threads: options.threads }) : null;
  for (const spec of options.specs) {
    const made = variantSubject(spec, options.backend, pool);
    if ('reason' in made) {
      results.unavailable.push(made);
      log(`  not run: ${made.spec}: ${made.reason}`);
    } else subjects.push(made);
  }
  const peers = await peerSubjects(options.peers, options.threads);
  results.peers = peers.records;
  for (const p of peers.records.filter((r) => !r.available))
    log(`  peer ${p.name} unavailable: ${p.reason}`);
  subjects.push(...peers.subjects);
  if (subjects.length === 0) {
    // Nothing requested can run: say so in results.json and fail, rather than report nothing.
    await pool?.close();
    results.complete = true;
    writeResults(dir, results);
    log(
      `attnkit bench: none of the requested specs or peers can run (listed above); nothing measured`,
    );
    return 1;
  }

  const dims = {
    batch: options.batch,
    heads: options.heads,
    kvHeads: options.kvHeads,
    dim: options.dim,
  };
  const plans: SuitePlan[] = subjects.map((subject) => ({
    subject,
    lengths: options.lengths ?? defaultLengths(subject.variant, dims),
  }));
  writeResults(dir, results);
  const throughput = await calibrate(subjects, dims, options.seed);
  const progress = createProgress(io.stderr);
  try {
    await runSuite({ options, results, dir, progress }, plans, throughput);
  } finally {
    progress.stop();
    await Promise.all(subjects.map((s) => s.dispose().catch(() => undefined)));
    await pool?.close();
  }
  results.fits = computeFits(results);
  results.complete = true;
  writeResults(dir, results);
  const charts = await writeCharts(dir, results);
  writeFileSync(path.join(dir, 'report.md'), renderReport(results, charts));
  const tableText = `${terminalTable(results)}\n\nreport: ${path.join(dir, 'report.md')}\n`;
  if (options.json) {
    io.stderr.write(tableText);
    io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else io.stdout.write(tableText);
  return results.runs.some((r) => r.failed) ? 1 : 0;
}
