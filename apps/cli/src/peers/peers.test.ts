import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AttentionError, randn, referenceAttention, type Tensor } from '@attnkit/core';
import { assertClose } from '@attnkit/core/testing';
import { describe, expect, it } from 'vitest';
import { importOptional, loadPeer } from './common.ts';
import {
  isUnavailable,
  onnxruntimeNode,
  onnxruntimeWeb,
  type PeerAdapter,
  type PeerSession,
  peers,
} from './index.ts';

const TOLERANCE = 1e-4;

/** The defaults the bench runs, plus onnxruntime's fused Attention op (small N only on web). */
const subjects: { label: string; adapter: PeerAdapter }[] = [
  ...peers.map((adapter) => ({ label: adapter.name, adapter })),
  { label: 'onnxruntime-node (Attention op)', adapter: onnxruntimeNode({ graph: 'attention' }) },
  { label: 'onnxruntime-web (Attention op)', adapter: onnxruntimeWeb({ graph: 'attention' }) },
];
const loaded = await Promise.all(subjects.map((s) => s.adapter.load()));

function inputs(b: number, h: number, hkv: number, nq: number, nk: number, d: number, dv = d) {
  const seed = nq * 1000 + nk * 10 + d;
  return {
    q: randn([b, h, nq, d], seed),
    k: randn([b, hkv, nk, d], seed + 1),
    v: randn([b, hkv, nk, dv], seed + 2),
  };
}

async function expectReference(
  session: PeerSession,
  { q, k, v }: { q: Tensor; k: Tensor; v: Tensor },
  options: { causal?: boolean; scale?: number },
) {
  const out = await session.forward(q, k, v, options);
  const ref = referenceAttention(q, k, v, options).output.data;
  assertClose(out, ref, { atol: TOLERANCE, label: session.name });
}

subjects.forEach(({ label }, index) => {
  const session = loaded[index];
  if (isUnavailable(session)) {
    describe(`${label} (unavailable)`, () => {
      it('reports why it cannot run', () => {
        expect(session.name).toBe(subjects[index].adapter.name);
        expect(session.unavailable).toMatch(/\w{3,}/);
        console.warn(`${label} unavailable: ${session.unavailable}`);
        if (process.env.ATTNKIT_REQUIRE_PEERS)
          throw new Error(`ATTNKIT_REQUIRE_PEERS is set and ${label} is unavailable`);
      });
    });
    return;
  }
  describe(label, () => {
    it('records its version and the settings that decide its speed', () => {
      expect(session.version).toMatch(/^\d+\.\d+/);
      expect(Object.keys(session.settings).length).toBeGreaterThan(0);
    });
    for (const n of [1, 17, 64]) {
      for (const causal of [false, true]) {
        it(`equals the reference within ${TOLERANCE}: N = ${n}, causal ${causal}`, async () => {
          await expectReference(session, inputs(2, 3, 3, n, n, n === 64 ? 64 : 8), { causal });
        });
      }
    }
    it('aligns the causal mask bottom-right when Nq < Nk (cross-attention)', async () => {
      await expectReference(session, inputs(1, 2, 2, 5, 17, 8), { causal: true });
    });
    it('gives zeros for rows that see no key when Nq > Nk', async () => {
      const x = inputs(1, 2, 2, 17, 5, 8);
      const out = await session.forward(x.q, x.k, x.v, { causal: true });
      expect(out.every(Number.isFinite)).toBe(true);
      await expectReference(session, x, { causal: true });
    });
    it('repeats kv heads for grouped-query attention, with Dv ≠ D and a custom scale', async () => {
      await expectReference(session, inputs(2, 4, 2, 17, 17, 8, 5), { causal: true, scale: 0.3 });
    });
    it('refuses mismatched shapes with the same AttentionError as attnkit', async () => {
      const { q, k } = inputs(1, 2, 2, 4, 4, 8);
      const v = randn([1, 2, 5, 8], 9);
      await expect(session.forward(q, k, v)).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    });
  });
});

describe('peer loading', () => {
  it('reports a peer whose package is missing, with the package name', async () => {
    const result = await loadPeer('ghost', async () => {
      await importOptional('attnkit-peer-that-is-not-installed');
      throw new Error('unreachable');
    });
    expect(result).toEqual({
      name: 'ghost',
      unavailable: expect.stringContaining('attnkit-peer-that-is-not-installed is not installed'),
    });
  });

  it('reports a peer that loads but fails its smoke call, and disposes it', async () => {
    let disposed = false;
    const result = await loadPeer('broken', async () => ({
      name: 'broken',
      version: '0.0.0',
      settings: {},
      forward: async () => {
        throw new Error('kernel not registered');
      },
      dispose: async () => {
        disposed = true;
      },
    }));
    expect(result).toEqual({ name: 'broken', unavailable: 'kernel not registered' });
    expect(disposed).toBe(true);
  });

  it('refuses bad adapter config when the adapter is made, not when it runs', () => {
    expect(() => onnxruntimeNode({ threads: 0 })).toThrow(AttentionError);
    expect(() => onnxruntimeWeb({ graph: 'fast' as never })).toThrow(/config\.graph/);
    expect(() => onnxruntimeNode({ thread: 2 } as never)).toThrow(AttentionError);
  });

  it('loads no peer on import, in a fresh process (the bench app imports it per child)', () => {
    const index = fileURLToPath(new URL('./index.ts', import.meta.url));
    const script = `
      import { createRequire } from 'node:module';
      const loadedPeers = () => Object.keys(createRequire(import.meta.url).cache)
        .filter((p) => /onnxruntime|tensorflow/.test(p)).length;
      const m = await import(${JSON.stringify(index)});
      const onImport = loadedPeers();
      await m.getPeer('onnxruntime-node').load();
      console.log(JSON.stringify({ onImport, afterLoad: loadedPeers() }));`;
    const child = spawnSync(
      process.execPath,
      ['--conditions=@attnkit/source', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    const counts = JSON.parse(child.stdout.trim().split('\n').pop() as string);
    expect(counts.onImport).toBe(0);
    // The probe itself works: loading a peer does show up.
    expect(counts.afterLoad).toBeGreaterThan(0);
  });
});
