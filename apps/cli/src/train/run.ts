/**
 * `attnkit train`: builds the task, the model around the chosen variant and the trainer; trains
 * with progress, held-out evaluations and atomic checkpoints; writes results.json (config,
 * provenance, curve, final accuracy, throughput) and the learning-curve SVGs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AttentionError } from '@attnkit/core';
import { enableRelaxedSimd } from '@attnkit/kernels/node';
import {
  type Checkpoint,
  checkpointOf,
  copyTask,
  createModel,
  createTrainer,
  mqar,
  restoreCheckpoint,
  type Task,
  type Trainer,
  variantAttention,
  variantFromSpec,
} from '@attnkit/train';
import { createProgress } from '../bench/progress.ts';
import { machineInfo } from '../bench/results.ts';
import type { MainIo } from '../io.ts';
import { learningCurveSvgs } from './chart.ts';
import { type TrainFlags, usageProblem } from './options.ts';

export const TRAIN_SCHEMA = 'attnkit-train/results';

const EXIT = { ok: 0, failed: 1, usage: 2 };

/** Writes beside the target then renames: a reader never sees half a file. */
function writeAtomic(file: string, text: string) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function gitCommit(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

const cliVersion = () =>
  (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;

function buildTask(f: TrainFlags): Task {
  return f.task === 'mqar'
    ? mqar({ length: f.seq, pairs: f.pairs, vocab: f.vocab, powerA: f.powerA })
    : copyTask({ length: f.seq, vocab: f.vocab });
}

function build(f: TrainFlags): { trainer: Trainer; backend: string } {
  const task = buildTask(f);
  const variant = variantFromSpec(f.variant, f.backend);
  const model = createModel(
    {
      vocab: f.vocab,
      dModel: f.dim,
      layers: f.layers,
      heads: f.heads,
      mlpRatio: f.mlpRatio,
      tied: f.tied,
      seed: f.seed,
    },
    // The no-attention baseline builds no attention layer, so it runs with any variant.
    f.layers > 0
      ? variantAttention(variant)
      : () => {
          throw new AttentionError('INVALID_CONFIG', '--layers', '> 0 for an attention layer', '0');
        },
  );
  const trainer = createTrainer(model, task, {
    steps: f.steps,
    batch: f.batch,
    seed: f.seed,
    lr: f.lr,
    warmupSteps: f.warmup ?? Math.round(f.steps / 10),
    evalBatches: f.evalBatches,
  });
  return { trainer, backend: (variant as { backend?: string }).backend ?? f.backend };
}

export async function runTrain(f: TrainFlags, io: MainIo): Promise<number> {
  const problem = usageProblem(f);
  if (problem) {
    io.stderr.write(`attnkit train: ${problem}\n`);
    return EXIT.usage;
  }
  const relaxedSimd = enableRelaxedSimd();
  let built: ReturnType<typeof build>;
  try {
    built = build(f);
  } catch (error) {
    if (!(error instanceof AttentionError)) throw error;
    io.stderr.write(`attnkit train: ${error.message}\n`);
    return EXIT.usage;
  }
  const { trainer, backend } = built;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.resolve(io.cwd, f.out ?? path.join('train-results', `${stamp}-${f.task}`));
  mkdirSync(dir, { recursive: true });
  const checkpointFile = path.join(dir, 'checkpoint.json');
  if (f.resume) {
    if (!existsSync(checkpointFile)) {
      io.stderr.write(`attnkit train: --resume: no checkpoint at ${checkpointFile}\n`);
      return EXIT.usage;
    }
    try {
      restoreCheckpoint(trainer, JSON.parse(readFileSync(checkpointFile, 'utf8')) as Checkpoint);
    } catch (error) {
      if (!(error instanceof AttentionError)) throw error;
      io.stderr.write(
        `attnkit train: --resume: the checkpoint is for another configuration (${error.message})\n`,
      );
      return EXIT.usage;
    }
  }
  const progress = createProgress(io.stderr, f.quiet);
  progress.start(f.steps);
  for (let i = 0; i < trainer.step; i++) progress.tick('resumed');
  const until = Math.min(f.steps, f.stopAfter ?? f.steps);
  while (trainer.step < until) {
    const p = trainer.trainStep();
    let line = `step ${p.step} loss ${p.loss.toFixed(3)} acc ${(100 * p.accuracy).toFixed(1)}%`;
    if (p.step % f.evalEvery === 0 || p.step === f.steps) {
      const e = trainer.evaluate();
      line += ` held-out ${(100 * e.accuracy).toFixed(1)}%`;
    }
    if (p.step % f.checkpointEvery === 0 || p.step === until)
      writeAtomic(checkpointFile, JSON.stringify(checkpointOf(trainer)));
    progress.tick(line);
  }
  progress.stop();
  if (trainer.step < f.steps) {
    io.stdout.write(
      `stopped at step ${trainer.step} of ${f.steps}; continue with --resume --out ${dir}\n`,
    );
    return EXIT.ok;
  }
  const last = trainer.evaluations[trainer.evaluations.length - 1];
  const t = trainer.throughput;
  const results = {
    schema: TRAIN_SCHEMA,
    version: 1,
    finishedAt: new Date().toISOString(),
    provenance: {
      command: ['attnkit', 'train', ...process.argv.slice(3)].join(' '),
      cliVersion: cliVersion(),
      commit: gitCommit(io.cwd),
      machine: machineInfo(backend, f.threads, relaxedSimd),
      seed: f.seed,
    },
    config: {
      flags: f,
      model: trainer.model.config,
      task: { name: trainer.task.name, ...trainer.task.config },
      train: trainer.config,
      parameters: trainer.model.params.reduce((s, p) => s + p.data.length, 0),
    },
    final: {
      heldOutAccuracy: last.accuracy,
      heldOutLoss: last.loss,
      scored: last.count,
      chance: trainer.task.chance,
    },
    throughput: {
      tokensPerSecond: t.tokens / (t.ms / 1000),
      /** Attention layers: projections, RoPE and the variant. */
      attentionShare: t.attentionMs / t.ms,
      /** The variant's own forward and backward alone. */
      attentionKernelShare: t.attentionKernelMs / t.ms,
      trainMs: t.ms,
      resumed: f.resume,
    },
    evaluations: trainer.evaluations,
    curve: trainer.curve,
  };
  writeAtomic(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const title = `${f.task} · ${f.layers === 0 ? 'no attention' : f.variant}`;
  const svgs = await learningCurveSvgs(title, trainer.curve, trainer.evaluations);
  writeFileSync(path.join(dir, 'loss.svg'), svgs.loss);
  writeFileSync(path.join(dir, 'accuracy.svg'), svgs.accuracy);
  io.stdout.write(
    `${title}: held-out accuracy ${(100 * last.accuracy).toFixed(1)}% (chance ${(100 * trainer.task.chance).toFixed(1)}%), ` +
      `${Math.round(results.throughput.tokensPerSecond)} tokens/s, ${(100 * results.throughput.attentionShare).toFixed(0)}% in attention layers ` +
      `(${(100 * results.throughput.attentionKernelShare).toFixed(0)}% in the variant) → ${dir}\n`,
  );
  return EXIT.ok;
}
