/**
 * The backend's linear memory: a 64 KiB staging area for byte masks, then the workspace.
 * Growing memory detaches every old view (TOOLCHAIN.md), so views are rebuilt after growth and
 * only `workspace()` grows: a kernel call never invalidates the caller's arrays.
 */
import { AttentionError } from '@attnkit/core';
import type { WasmExports } from './load.ts';

const PAGE = 65536;
export const MASK_BYTES = 65536;

export class WasmMemory {
  readonly maskBase: number;
  readonly base: number;
  private bytes: Uint8Array = new Uint8Array(0);
  /**
   * The memory's current buffer. Only `workspace()` grows memory, and it refreshes this; reading
   * `memory.buffer` on every kernel call (in `ptr`) was about 2 % of a chunked forward's profile.
   */
  private buffer: ArrayBufferLike;

  constructor(private readonly wasm: WasmExports) {
    this.maskBase = Math.ceil(wasm.heapBase() / 64) * 64;
    this.base = this.maskBase + MASK_BYTES;
    this.buffer = wasm.memory.buffer;
  }

  /** A view of `length` floats at the workspace base, growing memory first if needed. */
  workspace(length: number): Float32Array {
    const memory = this.wasm.memory;
    const need = this.base + 4 * length;
    const have = memory.buffer.byteLength;
    if (need > have) {
      try {
        memory.grow(Math.ceil((need - have) / PAGE));
      } catch {
        // wasm32 memory stops at 4 GiB (less where the engine or the machine says so)
        throw new AttentionError(
          'MEMORY_BUDGET',
          'workspace',
          `memory the wasm engine grants (it refused to grow from ${have} bytes)`,
          `${need} bytes`,
          "use backend: 'js' or a variant with less scratch (chunked)",
        );
      }
    }
    this.buffer = memory.buffer;
    return new Float32Array(this.buffer, this.base, length);
  }

  /** Byte address of element `off` of `array`, which must be a view of this memory. */
  ptr(array: Float32Array, off: number): number {
    if (array.buffer !== this.buffer)
      throw new AttentionError(
        'UNSUPPORTED',
        'kernel array',
        "a view from this wasm backend's workspace() taken after its last growth",
        'a Float32Array on another buffer',
      );
    return array.byteOffset + 4 * off;
  }

  /** Byte view of the whole memory, rebuilt after growth. */
  u8(): Uint8Array {
    if (this.bytes.buffer !== this.buffer) this.bytes = new Uint8Array(this.buffer);
    return this.bytes;
  }
}
