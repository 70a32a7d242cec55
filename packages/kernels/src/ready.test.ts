// A browser main thread may refuse synchronous WebAssembly compilation above 4 KB (our modules
// are ~8 KB). Simulated here by stubbing the synchronous constructors; the asynchronous
// compile and instantiate stay real. Each test imports a fresh copy of the module graph,
// because the backends are cached once per process.
import { afterEach, describe, expect, it, vi } from 'vitest';

// The project's lib settings ship no WebAssembly types: the slice this test touches.
type Bytes = Uint8Array<ArrayBuffer>;
interface WasmNamespace {
  validate(bytes: Bytes): boolean;
  compile(bytes: Bytes): Promise<object>;
  instantiate(mod: object, imports: object): Promise<object>;
  Module: new (bytes: Bytes) => object;
  Memory: unknown;
}
const real = (globalThis as unknown as { WebAssembly: WasmNamespace }).WebAssembly;
const SYNC_LIMIT = 4096;

function refuseSyncCompile(): void {
  class Module extends real.Module {
    constructor(bytes: Bytes) {
      if (bytes.byteLength > SYNC_LIMIT)
        throw new RangeError(
          'WebAssembly.Module is disallowed on the main thread, if the buffer size is larger than 4KB. Use WebAssembly.compile, or compile on a worker thread.',
        );
      super(bytes);
    }
  }
  class Instance {
    constructor() {
      throw new RangeError('WebAssembly.Instance is disallowed on the main thread');
    }
  }
  vi.stubGlobal('WebAssembly', { ...realApi(), Module, Instance });
}

// The namespace's members are not enumerable, so spread a plain copy of the ones we use.
function realApi() {
  return {
    validate: real.validate,
    compile: real.compile,
    instantiate: real.instantiate,
    Memory: real.Memory,
  };
}

async function freshKernels() {
  vi.resetModules();
  const kernels = await import('./index.ts');
  // The fresh graph has its own copy of core, hence of the AttentionError class.
  const { AttentionError } = await import('@attnkit/core');
  const warnings: string[] = [];
  kernels.setWarningHandler((message) => warnings.push(message));
  return { kernels, warnings, AttentionError };
}

afterEach(() => vi.unstubAllGlobals());

describe('synchronous compilation refused', () => {
  it("'auto' falls back to js and warns once, naming ready()", async () => {
    refuseSyncCompile();
    const { kernels, warnings } = await freshKernels();
    expect(kernels.getKernels('auto').name).toBe('js');
    expect(kernels.getKernels('auto').name).toBe('js');
    expect(kernels.getKernels().name).toBe('js');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/RangeError/);
    expect(warnings[0]).toMatch(/await ready\(\)/);
  });

  it("explicit 'wasm' and pinned builds throw UNSUPPORTED naming the refusal", async () => {
    refuseSyncCompile();
    const { kernels, AttentionError } = await freshKernels();
    for (const choice of ['wasm', 'wasm-simd'] as const) {
      let thrown: unknown;
      try {
        kernels.getKernels(choice);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AttentionError);
      expect((thrown as InstanceType<typeof AttentionError>).code).toBe('UNSUPPORTED');
      expect((thrown as Error).message).toMatch(/refused to compile.*await ready\(\)/);
    }
  });

  it('after await ready() the refusal does not matter: wasm, no warning', async () => {
    refuseSyncCompile();
    const { kernels, warnings } = await freshKernels();
    const picked = await kernels.ready();
    expect(picked).toMatch(/^wasm-/);
    const k = kernels.getKernels('auto');
    expect(k.name).toBe(picked);
    expect(kernels.getKernels('wasm').name).toBe(picked);
    expect(warnings).toEqual([]);
    // The asynchronously made instance computes: e^0 = 1 through softmax of one equal row.
    const ws = k.workspace(4);
    ws.set([0.5, 0.5, 0.5, 0.5]);
    k.softmaxRows(ws, 0, 1, 4, 4);
    expect([...ws]).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('ready() after a refusal still recovers wasm for later variants', async () => {
    refuseSyncCompile();
    const { kernels, warnings } = await freshKernels();
    expect(kernels.getKernels('auto').name).toBe('js');
    expect(await kernels.ready()).toMatch(/^wasm-/);
    expect(kernels.getKernels('auto').name).toMatch(/^wasm-/);
    expect(warnings).toHaveLength(1);
  });
});

describe('no WebAssembly at all', () => {
  it("'auto' runs js with one warning; ready() resolves to 'js'; 'wasm' throws", async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const { kernels, warnings } = await freshKernels();
    expect(await kernels.ready()).toBe('js');
    expect(kernels.getKernels('auto').name).toBe('js');
    expect(warnings).toEqual([expect.stringMatching(/no WebAssembly/)]);
    expect(() => kernels.getKernels('wasm')).toThrow(/no WebAssembly/);
  });
});

describe('ready() where synchronous compilation works', () => {
  it("resolves to the backend 'auto' picks", async () => {
    const { kernels, warnings } = await freshKernels();
    const sync = kernels.getKernels('auto').name;
    expect(await kernels.ready()).toBe(sync);
    expect(warnings).toEqual([]);
  });
});
