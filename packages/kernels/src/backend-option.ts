import { option } from '@attnkit/core';
import { BACKEND_CHOICES } from './backend.ts';

/** The `backend` key of every variant's config schema: which kernels run its tiles. */
export const backendOption = option.oneOf(
  BACKEND_CHOICES,
  "Kernels backend: 'auto' (fastest this runtime validates), 'js', 'wasm', 'wasm-simd', 'wasm-relaxed-simd'.",
  'auto',
);
