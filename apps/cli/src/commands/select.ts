/**
 * `attnkit select`: which attention variant and configuration for a use case, ranked by
 * predicted time, with the reason every other family is left out (@attnkit/select).
 * Exit: 0 a recommendation, 1 nothing meets the case (the nearest miss per family is printed),
 * 2 a usage error (bad flag or value, needs that do not go together, an unreadable profile).
 */
import { AttentionError } from '@attnkit/core';
import { WORKLOADS } from '@attnkit/metrics';
import { formatText, parseBytes, parseMs, select, toJson } from '@attnkit/select';
import { Option } from 'commander';
import {
  int,
  positive,
  readProfile,
  type SelectFlags,
  UsageError,
  unit,
  useCaseOf,
} from '../select/flags.ts';
import type { CliCommand } from './types.ts';

export const selectCommand: CliCommand = {
  name: 'select',
  register(program, io, done) {
    program
      .command('select')
      .description(
        'which attention variant and configuration for a use case, ranked by predicted time',
      )
      .requiredOption('--n <tokens>', 'query length (decode: the context length)', int('--n'))
      .option('--nk <tokens>', 'key length (cross-attention)', int('--nk'))
      .option('--batch <b>', 'batch', int('--batch'))
      .option('--heads <h>', 'query heads', int('--heads'))
      .option('--kv-heads <g>', 'key/value heads (divides heads)', int('--kv-heads'))
      .option('--dim <d>', 'head dim (default 64)', int('--dim'))
      .option('--value-dim <dv>', 'value dim (default: head dim)', int('--value-dim'))
      .option('--causal', 'causal mask')
      .option('--decode', 'one decoder step at context --n (implies --causal)')
      .option('--both', 'prefill of --n and a decoder step at --n (implies --causal)')
      .option(
        '--memory <size>',
        'memory budget, inputs included, e.g. 1GiB',
        unit('--memory', parseBytes),
      )
      .option(
        '--latency <time>',
        'latency budget per forward or step, e.g. 200ms',
        unit('--latency', parseMs),
      )
      .option('--exact', 'must equal softmax attention (the default need)')
      .option(
        '--max-error <e>',
        'maximum mean relative error per row against exact attention',
        positive('--max-error'),
      )
      .addOption(
        new Option(
          '--workload <w>',
          'the @attnkit/metrics workload the error is measured on (default mixture)',
        ).choices(WORKLOADS.map((w) => w.name)),
      )
      .option(
        '--distance <tokens>',
        'dependencies up to this distance must be seen',
        int('--distance'),
      )
      .option(
        '--recall <r>',
        'with --distance: fraction of those pairs (default 0.9)',
        positive('--recall'),
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
      .option('--json', 'print JSON: { candidates, excluded, profile }')
      .action((flags: SelectFlags) => {
        let rec: ReturnType<typeof select>;
        try {
          const profile = flags.profile ? readProfile(flags.profile, io.cwd) : undefined;
          rec = select(useCaseOf(flags), profile);
        } catch (error) {
          if (!(error instanceof AttentionError || error instanceof UsageError)) throw error;
          io.stderr.write(`attnkit select: ${(error as Error).message}\n`);
          done(2);
          return;
        }
        io.stdout.write(`${flags.json ? JSON.stringify(toJson(rec), null, 2) : formatText(rec)}\n`);
        done(rec.candidates.length ? 0 : 1);
      });
  },
};
