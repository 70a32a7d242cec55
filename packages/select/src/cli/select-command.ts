/**
 * `attnkit select` and `attnkit calibrate` for the CLI app: drop-in commander subcommands.
 * Exit codes: 0 a recommendation (or a written profile), 1 nothing meets the case, 2 usage error
 * (bad flag or value, unreadable or invalid profile). The parent program should call
 * `.exitOverride()` and exit with `err.exitCode` so commander's own errors keep code 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { AttentionError } from '@attnkit/core';
import { Command, CommanderError, Option } from 'commander';
import { calibrate } from '../calibrate/calibrate.ts';
import { formatText, toJson } from '../format.ts';
import { asProfile } from '../profile/from-bench.ts';
import { type Profile, validateProfile } from '../profile/schema.ts';
import { select } from '../select.ts';
import { parseBytes, parseMs } from '../units.ts';
import type { Positional, QualityNeed, UseCase } from '../use-case.ts';

export const EXIT_OK = 0;
export const EXIT_NOTHING_MEETS = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}
const nodeIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
};

const usage = (message: string) => new CommanderError(EXIT_USAGE, 'attnkit.usage', message);
const int = (flag: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw usage(`${flag}: expected an integer ≥ 1, got ${JSON.stringify(raw)}`);
  return n;
};
const num = (flag: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0)
    throw usage(`${flag}: expected a number > 0, got ${JSON.stringify(raw)}`);
  return n;
};
const wrap =
  <T>(flag: string, parse: (raw: string, name: string) => T) =>
  (raw: string) => {
    try {
      return parse(raw, flag);
    } catch (error) {
      throw usage((error as Error).message);
    }
  };

/** A usage error, with commander's own parse errors mapped to exit code 2 (help stays 0). */
function exitCodes(cmd: Command): Command {
  return cmd.exitOverride((err) => {
    if (err.exitCode === 0) throw err;
    throw new CommanderError(EXIT_USAGE, err.code, err.message);
  });
}

function readProfile(file: string): Profile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw usage(`--profile ${file}: ${(error as Error).message}`);
  }
  try {
    return validateProfile(asProfile(JSON.parse(text), file), file);
  } catch (error) {
    throw usage(`--profile: ${(error as Error).message}`);
  }
}

interface SelectFlags {
  n: number;
  nk?: number;
  batch?: number;
  heads?: number;
  kvHeads?: number;
  dim?: number;
  valueDim?: number;
  causal?: boolean;
  decode?: boolean;
  both?: boolean;
  memory?: number;
  latency?: number;
  exact?: boolean;
  maxError?: number;
  workload?: string;
  distance?: number;
  recall?: number;
  bias?: Positional[];
  keyLengths?: number[];
  threads?: number;
  profile?: string;
  json?: boolean;
}

function useCaseOf(f: SelectFlags): UseCase {
  const needs = [f.exact, f.maxError !== undefined, f.distance !== undefined].filter(
    Boolean,
  ).length;
  if (needs > 1) throw usage('give one of --exact, --max-error, --distance');
  if (f.workload !== undefined && f.maxError === undefined)
    throw usage('--workload goes with --max-error');
  if (f.recall !== undefined && f.distance === undefined)
    throw usage('--recall goes with --distance');
  let quality: QualityNeed = { exact: true };
  if (f.maxError !== undefined)
    quality = { maxError: f.maxError, workload: f.workload ?? 'random' };
  if (f.distance !== undefined) quality = { distance: f.distance, recall: f.recall ?? 0.9 };
  const u: UseCase = {
    queryLength: f.n,
    keyLength: f.nk ?? f.n,
    mode: f.both ? 'both' : f.decode ? 'decode' : 'prefill',
    causal: Boolean(f.causal || f.decode || f.both),
    quality,
  };
  if (f.decode && f.nk === undefined) u.queryLength = 1;
  const copy: [keyof SelectFlags, keyof UseCase][] = [
    ['batch', 'batch'],
    ['heads', 'heads'],
    ['kvHeads', 'kvHeads'],
    ['dim', 'headDim'],
    ['valueDim', 'valueDim'],
    ['memory', 'memoryBudget'],
    ['latency', 'latencyBudget'],
    ['bias', 'positional'],
    ['keyLengths', 'keyLengths'],
    ['threads', 'threads'],
  ];
  for (const [from, to] of copy)
    if (f[from] !== undefined) (u as unknown as Record<string, unknown>)[to] = f[from];
  return u;
}

export function registerSelect(program: Command, io: CliIo = nodeIo): Command {
  const cmd = program
    .command('select')
    .description(
      'which attention variant and configuration for a use case, ranked by predicted time',
    )
    .requiredOption('--n <tokens>', 'query length (decode: the context length)', int('--n'))
    .option('--nk <tokens>', 'key length (cross-attention)', int('--nk'))
    .option('--batch <b>', 'batch', int('--batch'))
    .option('--heads <h>', 'query heads', int('--heads'))
    .option('--kv-heads <g>', 'key/value heads (divides heads)', int('--kv-heads'))
    .option('--dim <d>', 'head dim', int('--dim'))
    .option('--value-dim <dv>', 'value dim (default: head dim)', int('--value-dim'))
    .option('--causal', 'causal mask')
    .option('--decode', 'one decoder step at context --n (implies --causal)')
    .option('--both', 'prefill of --n and a decoder step at --n (implies --causal)')
    .option(
      '--memory <size>',
      'memory budget, e.g. 1GiB (inputs included)',
      wrap('--memory', parseBytes),
    )
    .option(
      '--latency <time>',
      'latency budget per forward or step, e.g. 200ms',
      wrap('--latency', parseMs),
    )
    .option('--exact', 'must equal softmax attention (the default need)')
    .option(
      '--max-error <e>',
      'maximum relative RMS error against exact attention',
      num('--max-error'),
    )
    .option('--workload <w>', 'workload the error is measured on (default random)')
    .option(
      '--distance <tokens>',
      'dependencies up to this distance must be seen',
      int('--distance'),
    )
    .option(
      '--recall <r>',
      'with --distance: fraction of those pairs (default 0.9)',
      num('--recall'),
    )
    .addOption(
      new Option('--bias <kind...>', 'positional needs').choices(['alibi', 'relative', 'rope']),
    )
    .option(
      '--key-lengths <list>',
      'padding: per-batch key lengths, comma-separated',
      (raw: string) => raw.split(',').map(int('--key-lengths')),
    )
    .option('--threads <t>', 'threads', int('--threads'))
    .option('--profile <file>', 'a profile from `attnkit calibrate`, or a bench results.json')
    .option('--json', 'print JSON: { candidates, excluded }')
    .action((flags: SelectFlags) => {
      const profile = flags.profile ? readProfile(flags.profile) : undefined;
      let rec: ReturnType<typeof select>;
      try {
        rec = select(useCaseOf(flags), profile);
      } catch (error) {
        if (error instanceof AttentionError) throw usage(error.message);
        throw error;
      }
      io.out(flags.json ? JSON.stringify(toJson(rec), null, 2) : formatText(rec));
      process.exitCode = rec.candidates.length ? EXIT_OK : EXIT_NOTHING_MEETS;
    });
  return exitCodes(cmd);
}

export function registerCalibrate(program: Command, io: CliIo = nodeIo): Command {
  const cmd = program
    .command('calibrate')
    .description("measure this machine's throughput, decode step time and fidelity into a profile")
    .option('--out <file>', 'where to write the profile', 'attnkit-profile.json')
    .option('--budget <time>', 'wall-time budget', wrap('--budget', parseMs), 60_000)
    .option('--quick', 'tiny lengths (seconds): a smoke test, not a profile to trust')
    .action(async (flags: { out: string; budget: number; quick?: boolean }) => {
      const profile = await calibrate({
        budgetMs: flags.budget,
        quick: flags.quick ?? false,
        command: `attnkit calibrate ${process.argv.slice(3).join(' ')}`.trim(),
        onProgress: (m) => io.err(m),
      });
      writeFileSync(flags.out, `${JSON.stringify(profile, null, 2)}\n`);
      io.out(
        `wrote ${flags.out}: ${profile.throughput.length} timings, ${profile.decode.length} decode steps, ${profile.fidelity.length} fidelity points`,
      );
      process.exitCode = EXIT_OK;
    });
  return exitCodes(cmd);
}

/** Runs `attnkit <argv…>` with both commands; resolves to the exit code (used by tests). */
export async function runCli(argv: string[], io: CliIo = nodeIo): Promise<number> {
  const program = new Command('attnkit')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) });
  registerSelect(program, io);
  registerCalibrate(program, io);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT_OK);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode !== 0 && error.code === 'attnkit.usage') io.err(error.message);
      return error.exitCode === 1 ? EXIT_USAGE : error.exitCode;
    }
    throw error;
  } finally {
    process.exitCode = before;
  }
}
