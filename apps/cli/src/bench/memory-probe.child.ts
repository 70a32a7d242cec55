/**
 * One configuration's peak memory, in a fresh process (b h n d): builds the inputs, warms the
 * JIT on a small call, then runs one forward under `measurePeak` (../probe/peak-probe.ts:
 * baseline rss after gc, an rss sampler thread and VmHWM, the larger peak above the baseline).
 * Prints one JSON line (ProbeResult). Run by memory-probe.ts; never imported by the app.
 */
import type { Tensor } from '@attnkit/core';
import { measurePeak } from '../probe/peak-probe.ts';
import { makeInputs } from './inputs.ts';
import type { ProbeRequest, ProbeResult } from './memory-probe.ts';
import { variantSubject } from './subjects.ts';

type Forward = (q: Tensor, k: Tensor, v: Tensor) => unknown;

async function openForward(
  req: ProbeRequest,
): Promise<{ forward: Forward; close(): Promise<void> }> {
  if (req.spec.startsWith('peer:')) {
    const { getPeer, isUnavailable } = await import('../peers/index.ts');
    const loaded = await getPeer(req.spec.slice(5), { threads: req.threads }).load();
    if (isUnavailable(loaded)) throw new Error(loaded.unavailable);
    return {
      forward: (q, k, v) => loaded.forward(q, k, v, { causal: req.causal }),
      close: () => loaded.dispose(),
    };
  }
  // With --threads > 1 the workers run in this process, so their memory is in its rss.
  const pool =
    req.threads > 1 ? (await import('@attnkit/pool')).createPool({ threads: req.threads }) : null;
  const subject = variantSubject(req.spec, req.backend, pool);
  if ('reason' in subject) throw new Error(subject.reason);
  return {
    forward: (q, k, v) => subject.run(q, k, v, req.causal),
    close: async () => {
      await pool?.close();
    },
  };
}

async function main() {
  const req = JSON.parse(process.argv[2]) as ProbeRequest;
  const { forward, close } = await openForward(req);
  const dims = { batch: req.batch, heads: req.heads, kvHeads: req.kvHeads, dim: req.dim };
  // Warm-up on a small call: compiled code belongs to the baseline, not to the peak.
  const warm = makeInputs('random', { ...dims, n: Math.min(req.n, 256) }, req.causal, req.seed + 1);
  await forward(warm.q, warm.k, warm.v);
  const { q, k, v } = makeInputs('random', { ...dims, n: req.n }, req.causal, req.seed);

  const peak = await measurePeak(() => forward(q, k, v));
  const out = peak.value;
  const result: ProbeResult = {
    peakBytes: Math.max(0, peak.peakAboveBase),
    hwmBytes: peak.hwmAboveBase,
    sampledBytes: peak.sampledAboveBase,
    retainedArrayBuffers: peak.arrayBuffersAfter,
    forwardMs: peak.ms,
    outputValues: (out as { data?: Float32Array }).data?.length ?? (out as Float32Array).length,
  };
  await close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stdout.write(
    `${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`,
  );
  process.exitCode = 1;
});
