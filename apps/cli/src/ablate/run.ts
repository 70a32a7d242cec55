/**
 * `attnkit ablate` once its flags are parsed: plans the points, takes this process's share
 * (--shard, and --job for the processes --jobs starts), resumes from ablation.json when asked,
 * measures the exact baselines then every point × seed, rewriting ablation.json after each, and
 * finally writes the CSV, report and charts. Exit codes: 0 done, 1 a point failed, 2 usage.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { enableRelaxedSimd } from '@attnkit/kernels/node';
import { timestampDir } from '../bench/results.ts';
import { resolveVariant } from '../bench/variants.ts';
import type { MainIo } from '../io.ts';
import { writeOutputs } from './finish.ts';
import { runJobs } from './jobs.ts';
import { measureBaseline, measurePoint } from './measure.ts';
import { type AblateOptions, type RawAblateFlags, resolveAblateOptions } from './options.ts';
import { planPoints, planTasks, sharePoints, sweepFingerprint } from './plan.ts';
import { provenance } from './provenance.ts';
import {
  ABLATION_FILE,
  ABLATION_SCHEMA,
  ABLATION_SCHEMA_VERSION,
  type AblationFile,
  readAblation,
  writeAblation,
} from './results.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const partLabel = (o: Pick<AblateOptions, 'shard' | 'job'>) =>
  [
    o.shard && `shard ${o.shard.index}/${o.shard.count}`,
    o.job && `job ${o.job.index}/${o.job.count}`,
  ]
    .filter(Boolean)
    .join(' ') || 'all';

/** Temp files a killed run left between write and rename: the renamed files are the whole truth. */
function removeStaleTemps(dir: string) {
  for (const name of readdirSync(dir))
    if (name.includes('.tmp-')) rmSync(path.join(dir, name), { force: true });
}

/** A new file, or the one in `dir` when resuming the same sweep; throws a usage message otherwise. */
function openFile(
  dir: string,
  options: AblateOptions,
  allPointIds: string[],
  args: readonly string[],
  relaxed: string,
): AblationFile {
  const fingerprint = sweepFingerprint(options);
  const part = partLabel(options);
  if (existsSync(path.join(dir, ABLATION_FILE))) {
    if (!options.resume)
      throw new Error(
        `${path.join(dir, ABLATION_FILE)} exists: pass --resume to continue it, or another --out`,
      );
    const file = readAblation(dir);
    removeStaleTemps(dir);
    if (file.fingerprint !== fingerprint)
      throw new Error(
        `--resume: ${dir} holds another sweep (fingerprint ${file.fingerprint}, this command ${fingerprint})`,
      );
    if (!file.parts.some((p) => p.part === part))
      throw new Error(
        `--resume: ${dir} holds ${file.parts.map((p) => p.part).join(', ')}, not ${part}`,
      );
    file.complete = false;
    return file;
  }
  return {
    schema: ABLATION_SCHEMA,
    version: ABLATION_SCHEMA_VERSION,
    fingerprint,
    options: { ...options, out: null, resume: false, json: false },
    parts: [{ part, shard: options.shard, provenance: provenance(options, args, relaxed) }],
    complete: false,
    updatedAt: '',
    allPointIds,
    baselines: [],
    records: [],
  };
}

export async function runAblate(
  sweeps: string[],
  flags: RawAblateFlags,
  io: MainIo,
  args: readonly string[],
): Promise<number> {
  const fail = (why: string) => {
    io.stderr.write(`attnkit ablate: ${why}\n`);
    return 2;
  };
  let options: AblateOptions;
  let points: ReturnType<typeof planPoints>;
  try {
    options = resolveAblateOptions(sweeps, flags);
    points = planPoints(options);
    for (const spec of new Set(points.map((p) => p.spec))) resolveVariant(spec, options.backend);
  } catch (error) {
    return fail(message(error));
  }
  const dir = path.resolve(io.cwd, options.out ?? `ablation-${path.basename(timestampDir('.'))}`);
  const log = (line: string) => io.stderr.write(`${line}\n`);
  if (options.jobs > 1) {
    try {
      return await runJobs(options, dir, io);
    } catch (error) {
      return fail(message(error));
    }
  }
  const relaxed = options.relaxedSimd ? enableRelaxedSimd() : 'off';
  let file: AblationFile;
  try {
    file = openFile(
      dir,
      options,
      points.map((p) => p.id),
      args,
      relaxed,
    );
  } catch (error) {
    return fail(message(error));
  }
  const part = partLabel(options);
  const mine = sharePoints(sharePoints(points, options.shard), options.job);
  const { baselines, tasks } = planTasks(mine, options.seeds);
  const haveBaseline = new Set(file.baselines.filter((b) => b.part === part).map((b) => b.id));
  const have = new Set(file.records.map((r) => r.id));
  const todo = tasks.filter((t) => !have.has(t.id));
  log(
    `attnkit ablate → ${dir}: ${mine.length} of ${points.length} points (${part}) × ${options.seeds.length} seeds; ${todo.length} tasks to run`,
  );
  writeAblation(dir, file);
  const started = performance.now();
  for (const b of baselines.filter((x) => !haveBaseline.has(x.id))) {
    const record = await measureBaseline(b, options, part);
    file.baselines.push(record);
    writeAblation(dir, file);
    log(
      `  baseline ${b.spec} N=${b.n}${b.causal ? ' causal' : ''}: ${record.timing ? `${record.timing.medianMs.toFixed(1)} ms` : record.failed}`,
    );
  }
  for (const [x, task] of todo.entries()) {
    const record = await measurePoint(task, options, part);
    file.records.push(record);
    writeAblation(dir, file);
    const w = record.workloads[0];
    const what =
      record.failed ??
      `${record.timing?.medianMs.toFixed(2)} ms, error ${w?.error.mean.toPrecision(3)}${w?.recall?.long != null ? `, recall≥N/2 ${w.recall.long.toFixed(2)}` : ''}`;
    log(
      `  [${x + 1}/${todo.length}] ${task.id}: ${what} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  file.complete = tasks.every((t) => file.records.some((r) => r.id === t.id));
  const written = await writeOutputs(dir, file);
  log(`wrote ${written.join(', ')} in ${dir}`);
  if (options.json) io.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
  else io.stdout.write(`report: ${path.join(dir, 'report.md')}\n`);
  return file.records.some((r) => r.failed) ? 1 : 0;
}
