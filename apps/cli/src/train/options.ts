/** `attnkit train` flags, parsed and checked (bad values are usage errors, exit 2). */
import { type Command, InvalidArgumentError, Option } from 'commander';

export interface TrainFlags {
  task: 'mqar' | 'copy';
  variant: string;
  layers: number;
  dim: number;
  heads: number;
  seq: number;
  pairs: number;
  vocab: number;
  powerA: number;
  steps: number;
  batch: number;
  seed: number;
  lr: number;
  warmup?: number;
  mlpRatio: number;
  tied: boolean;
  evalEvery: number;
  evalBatches: number;
  checkpointEvery: number;
  backend: string;
  threads: number;
  out?: string;
  resume: boolean;
  stopAfter?: number;
  quiet: boolean;
}

const integer = (what: string, min: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new InvalidArgumentError(`${what}: expected an integer ≥ ${min}, got "${raw}"`);
  return n;
};

const positive = (what: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`${what}: expected a positive number, got "${raw}"`);
  return n;
};

export function addTrainOptions(cmd: Command): Command {
  return cmd
    .description('train a small decoder with any attention variant on a recall task (MQAR, copy)')
    .addOption(new Option('--task <name>', 'task').choices(['mqar', 'copy']).default('mqar'))
    .option('--variant <spec>', "attention variant spec, e.g. 'local-window:window=64'", 'full')
    .option(
      '--layers <n>',
      'decoder blocks (0: the no-attention baseline)',
      integer('--layers', 0),
      2,
    )
    .option('--dim <n>', 'model width', integer('--dim', 1), 64)
    .option('--heads <n>', 'attention heads', integer('--heads', 1), 2)
    .option('--seq <n>', 'sequence length', integer('--seq', 4), 128)
    .option('--pairs <n>', 'MQAR key-value pairs', integer('--pairs', 1), 16)
    .option('--vocab <n>', 'vocabulary size', integer('--vocab', 4), 256)
    .option('--power-a <a>', 'MQAR query-gap power law exponent', positive('--power-a'), 0.01)
    .option('--steps <n>', 'optimiser steps', integer('--steps', 1), 2000)
    .option('--batch <n>', 'sequences per step', integer('--batch', 1), 32)
    .option('--seed <n>', 'seed of the weights and the data', integer('--seed', 0), 1)
    .option('--lr <x>', 'peak learning rate (AdamW)', positive('--lr'), 3e-3)
    .option('--warmup <n>', 'warm-up steps (default 10% of --steps)', integer('--warmup', 0))
    .option('--mlp-ratio <n>', 'MLP width ÷ dim (0: no MLP)', integer('--mlp-ratio', 0), 4)
    .option('--tied', 'tie the unembedding to the embedding', false)
    .option(
      '--eval-every <n>',
      'held-out evaluation every n steps',
      integer('--eval-every', 1),
      100,
    )
    .option(
      '--eval-batches <n>',
      'held-out batches per evaluation',
      integer('--eval-batches', 1),
      8,
    )
    .option(
      '--checkpoint-every <n>',
      'checkpoint every n steps (with --out)',
      integer('--checkpoint-every', 1),
      100,
    )
    .option(
      '--backend <name>',
      'kernels backend: auto, js, wasm, wasm-simd, wasm-relaxed-simd',
      'auto',
    )
    .option(
      '--threads <n>',
      'worker threads (only 1 is offered so far)',
      integer('--threads', 1),
      1,
    )
    .option('--out <dir>', 'results folder (default train-results/<time>-<task>)')
    .option('--resume', 'continue from <out>/checkpoint.json', false)
    .option(
      '--stop-after <n>',
      'checkpoint and stop at step n (train in slices; --resume continues)',
      integer('--stop-after', 1),
    )
    .option('--quiet', 'no progress output', false);
}

/** Combinations commander cannot check; the message of a usage error, or null. */
export function usageProblem(f: TrainFlags): string | null {
  if (f.resume && !f.out) return '--resume needs --out <dir> (the folder of the run to continue)';
  if (f.stopAfter !== undefined && !f.out)
    return '--stop-after needs --out <dir> (where the checkpoint goes)';
  if (f.threads > 1)
    return '--threads > 1: training on the worker pool is not offered yet; run with --threads 1';
  if (f.layers > 0 && f.dim % f.heads !== 0)
    return `--dim ${f.dim} must be a multiple of --heads ${f.heads}`;
  return null;
}
