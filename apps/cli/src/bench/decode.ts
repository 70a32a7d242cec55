/**
 * `attnkit bench --decode`: the decode table (lib/decode.ts) for the requested specs on the
 * requested backend, printed as Markdown with the fitted exponent of step time in context.
 */
import { getKernels } from '@attnkit/kernels';
import type { MainIo } from '../io.ts';
import { DECODE_CONTEXTS, DECODE_SHAPE, measureDecode } from '../lib/decode.ts';
import { markdownTable } from '../lib/table.ts';
import { parseLength, type RawFlags } from './options.ts';
import { createVariant } from './variants.ts';

export function runDecode(flags: RawFlags, io: MainIo): number {
  const specs = flags.variants
    .flatMap((s) => s.split(';'))
    .map((s) => s.trim())
    .filter(Boolean);
  let contexts: number[];
  try {
    contexts = flags.lengths
      ? flags.lengths.split(',').map((s) => parseLength(s.trim()))
      : flags.quick
        ? [1024, 4096]
        : DECODE_CONTEXTS;
  } catch (error) {
    io.stderr.write(`attnkit bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const shape = { ...DECODE_SHAPE, headDim: flags.dim };
  const backend = getKernels(flags.backend).name;
  io.stderr.write(
    `attnkit bench --decode: ${specs.length} decoders, contexts ${contexts.join(', ')}\n`,
  );
  const { rows, exponents } = measureDecode(
    specs,
    (spec) => createVariant(spec, flags.backend),
    contexts,
    flags.quick ? 5 : 9,
    shape,
    (spec) => io.stderr.write(`  ${spec} done\n`),
  );
  const MB = 2 ** 20;
  io.stdout.write(
    `# Decode: one step, B = ${shape.batch}, H = ${shape.heads}, Hkv = ${shape.kvHeads}, d = ${shape.headDim}, backend ${backend}\n\n` +
      'control = a streaming wasm read of the bytes the step must read, timed alternately with it\n\n' +
      `${markdownTable(
        ['decoder', 'context', 'step ms', 'tokens/s', 'bytes read', 'step ÷ control'],
        rows.map((r) => [
          r.spec,
          r.context,
          r.stepMs.toFixed(3),
          r.tokensPerSecond.toFixed(0),
          `${(r.bytesRead / MB).toFixed(2)} MB`,
          r.ofControl.toFixed(2),
        ]),
      )}\n\nfitted exponent of step time in context (constant is 0)\n\n${markdownTable(
        ['decoder', 'exponent'],
        Object.entries(exponents).map(([s, e]) => [s, e.toFixed(3)]),
      )}\n`,
  );
  return 0;
}
