/**
 * How close each variant runs to the kernels' ceiling, in one run (issue 19's acceptance):
 *  (1) useful GFLOP/s of every variant at the short length (16K) beside the GEMM ceiling and
 *      chunked, and of the sub-quadratic ones at the long length (1M) beside the ceiling,
 *      all as paired ratios to baselines timed in the same interleaved rounds;
 *  (2) memory above the inputs (output included) ÷ output size of the sub-quadratic ones at the
 *      long length, and cost()'s prediction of it;
 *  (3) the decode table (@attnkit/cli/lib's decode.ts, also `attnkit bench --decode`) and each decoder's fitted exponent of step time in context.
 * Run: pnpm --filter @attnkit/benchmarks bench:efficiency [--quick]
 *   --quick (or EFFICIENCY_QUICK=1) caps lengths for a loaded machine: 4K / 256K, contexts to 32K.
 *   PARTS=short,causal,long,memory,decode picks sections; ONLY='spec;spec' limits the variants.
 *   ROUNDS=n sets the interleaved rounds (default 5 short, 3 long, 9 decode).
 */
import { measureDecode } from '@attnkit/cli/lib';
import { getKernels } from '@attnkit/kernels';
import { measureMemory } from './efficiency/memory.ts';
import { measureRates, type Rate } from './efficiency/rates.ts';
import { BASELINE, DECODERS, QUADRATIC, SUBQUADRATIC, variantOf } from './efficiency/specs.ts';
import { loadLine, machineLine, table } from './lib/measure.ts';

const quick = process.argv.includes('--quick') || process.env.EFFICIENCY_QUICK === '1';
const SHORT = Number(process.env.N_SHORT ?? (quick ? 4096 : 16384));
const LONG = Number(process.env.N_LONG ?? (quick ? 262144 : 1048576));
const CONTEXTS = (
  quick ? [1024, 4096, 16384, 32768] : [1024, 4096, 16384, 32768, 65536, 131072]
).filter((c) => c <= Number(process.env.MAX_CONTEXT ?? Number.POSITIVE_INFINITY));
const parts = new Set((process.env.PARTS ?? 'short,causal,long,memory,decode').split(','));
const rounds = (fallback: number) => Number(process.env.ROUNDS ?? fallback);
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(0)} %`);
const MB = 2 ** 20;

console.log(
  `efficiency · one head, d = 64, fp32 · backend ${getKernels('auto').name} · ${machineLine()} · ${loadLine()}`,
);
console.log(`command: ${process.argv.slice(1).join(' ')}${quick ? ' (quick)' : ''}`);

const rateRows = (rates: Rate[]) =>
  rates.map((r) => [
    r.spec,
    r.n,
    r.causal ? 'yes' : 'no',
    r.ms.toFixed(1),
    r.cpuMs.toFixed(1),
    r.gflops.toFixed(1),
    pct(r.ofCeiling),
    pct(r.ofChunked),
  ]);
const RATE_HEADER = [
  'variant',
  'N',
  'causal',
  'median wall ms',
  'median CPU ms',
  'useful GFLOP/s (CPU time)',
  '÷ GEMM ceiling',
  '÷ chunked',
];

if (parts.has('short')) {
  const short = measureRates([BASELINE, ...QUADRATIC, ...SUBQUADRATIC], SHORT, rounds(5), {
    withChunked: true,
  });
  console.log(
    `\n(1a) N = ${SHORT}: GEMM ceiling ${short.ceilingGflops.toFixed(1)} GFLOP/s, chunked ${short.chunkedGflops?.toFixed(1)} GFLOP/s (on CPU time, medians of ${rounds(5)} interleaved rounds; ratios paired per round)`,
  );
  console.log(table(RATE_HEADER, rateRows(short.rates)));
}

if (parts.has('causal')) {
  const linearCausal = measureRates(
    SUBQUADRATIC.filter((s) => s.startsWith('linear')),
    SHORT,
    rounds(5),
    {
      withChunked: true,
      causal: true,
    },
  );
  console.log(
    `\n(1b) N = ${SHORT}, causal (chunked causal as baseline): ceiling ${linearCausal.ceilingGflops.toFixed(1)} GFLOP/s`,
  );
  console.log(table(RATE_HEADER, rateRows(linearCausal.rates)));
}

if (parts.has('long')) {
  const long = measureRates(SUBQUADRATIC, LONG, rounds(3), { withChunked: false });
  console.log(
    `\n(1c) N = ${LONG}: GEMM ceiling ${long.ceilingGflops.toFixed(1)} GFLOP/s (chunked is quadratic: not run here)`,
  );
  console.log(table(RATE_HEADER, rateRows(long.rates)));
}

if (parts.has('memory')) {
  console.log(
    `\n(2) memory at N = ${LONG}: peak resident set above the inputs during one forward (output included), one child process each`,
  );
  const memRows: (string | number)[][] = [];
  for (const spec of SUBQUADRATIC) {
    const m = measureMemory(spec, LONG);
    if (typeof m === 'string') {
      memRows.push([spec, LONG, m, '', '', '', '']);
      continue;
    }
    memRows.push([
      spec,
      LONG,
      (m.outputBytes / MB).toFixed(0),
      (m.measured / MB).toFixed(0),
      (m.measured / m.outputBytes).toFixed(2),
      (m.predicted / MB).toFixed(0),
      `${((100 * (m.predicted - m.measured)) / m.measured).toFixed(1)} %`,
    ]);
  }
  console.log(
    table(
      [
        'variant',
        'N',
        'output MB',
        'peak above inputs MB',
        'peak above inputs ÷ output',
        'cost() MB',
        'cost() error',
      ],
      memRows,
    ),
  );
}

if (parts.has('decode')) {
  const decode = measureDecode(DECODERS, variantOf, CONTEXTS, rounds(9), undefined, (spec) =>
    console.log(`  decode ${spec} done`),
  );
  console.log(
    `\n(3) decode: one step, B = 1, H = 8, Hkv = 2, d = 64; control = streaming wasm read of the step's bytes, same rounds`,
  );
  console.log(
    table(
      ['decoder', 'context', 'step ms', 'tokens/s', 'bytes read', 'step ÷ control'],
      decode.rows.map((r) => [
        r.spec,
        r.context,
        r.stepMs.toFixed(3),
        r.tokensPerSecond.toFixed(0),
        `${(r.bytesRead / MB).toFixed(2)} MB`,
        r.ofControl.toFixed(2),
      ]),
    ),
  );
  console.log('\nfitted exponent of step time in context (constant is 0):');
  console.log(
    table(
      ['decoder', 'exponent'],
      Object.entries(decode.exponents).map(([s, e]) => [s, e.toFixed(3)]),
    ),
  );
}
