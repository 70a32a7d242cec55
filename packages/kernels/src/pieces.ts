import type { Kernels } from './types.ts';

/**
 * Streams a call's rows through the kernels a piece at a time, so no O(N) copy of q, k, v or
 * the output is ever staged: an O(N) variant then holds its output and O(chunk) scratch, not
 * three copies of its inputs. On js the kernels read the caller's arrays and write the output
 * in place (`load` returns the offset unchanged); on wasm each piece is copied into a slot of
 * the workspace and the output slot is copied back with `store`. Each row is copied once.
 */
export interface Pieces {
  /** The workspace: scratch and, on wasm, the slots. */
  readonly ws: Float32Array;
  /** The array a kernel reads pieces of `src` from: src itself on js, the workspace on wasm. */
  from(src: Float32Array): Float32Array;
  /** Offset in `from(src)` of `len` floats of `src` at `off` (copied into `slot` on wasm). */
  load(src: Float32Array, off: number, len: number, slot: number): number;
  /**
   * Where `len` output floats at `off` of `out` are accumulated: `out` itself on js, a zeroed
   * slot on wasm; `store` then moves them to `out`.
   */
  outArray(out: Float32Array): Float32Array;
  /** Offset in `outArray(out)` where output floats `[off, off + len)` accumulate (zeroed on wasm). */
  outSlot(out: Float32Array, off: number, len: number, slot: number): number;
  /** Moves the accumulated slot to `out` at `off` (a no-op on js, where it was written in place). */
  store(out: Float32Array, off: number, len: number, slot: number): void;
}

/**
 * The piece streamer of `kernels` with `scratchLength` floats of workspace (scratch plus, on
 * wasm, the slots the caller lays out in it).
 */
export function pieces(kernels: Kernels, scratchLength: number): Pieces {
  const ws = kernels.workspace(scratchLength);
  if (kernels.name === 'js')
    return {
      ws,
      from: (src) => src,
      load: (_src, off) => off,
      outArray: (out) => out,
      outSlot: (_out, off) => off,
      store: () => {},
    };
  return {
    ws,
    from: () => ws,
    load(src, off, len, slot) {
      ws.set(src.subarray(off, off + len), slot);
      return slot;
    },
    outArray: () => ws,
    outSlot(_out, _off, len, slot) {
      ws.fill(0, slot, slot + len);
      return slot;
    },
    store(out, off, len, slot) {
      out.set(ws.subarray(slot, slot + len), off);
    },
  };
}
