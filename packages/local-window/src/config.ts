import {
  AttentionError,
  configEnum,
  configInteger,
  describe,
  rejectUnknownKeys,
} from '@attnkit/core';
import { BACKEND_CHOICES, type BackendChoice } from '@attnkit/kernels';

export interface LocalWindowConfig {
  /** Keys seen on each side of a query: `left = right = window`. Default 256. */
  window?: number;
  /** Keys seen before the query (counted in dilated steps). Give `left`/`right` or `window`, not both. */
  left?: number;
  /** Keys seen after the query; 0 when only `left` is given. Causal calls never see them. */
  right?: number;
  /** Spacing between seen keys (Longformer's dilated window). Default 1. */
  dilation?: number;
  /** Tile size: queries per block and keys per tile. Default 64. */
  block?: number;
  backend?: BackendChoice;
}

/** The resolved band: query at position p sees key j iff j − p = m·dilation, −left ≤ m ≤ right. */
export interface Band {
  left: number;
  right: number;
  dilation: number;
}

export interface LocalWindowSettings extends Band {
  block: number;
  backend: BackendChoice;
  /** What `variant.config` shows: the form the user chose, so formatSpec round-trips. */
  shown: Record<string, unknown>;
}

export const CONFIG_KEYS = ['window', 'left', 'right', 'dilation', 'block', 'backend'] as const;
export const DEFAULT_WINDOW = 256;

export function resolveConfig(config: LocalWindowConfig = {}): LocalWindowSettings {
  rejectUnknownKeys(config, CONFIG_KEYS, 'localWindow');
  const sided = config.left !== undefined || config.right !== undefined;
  if (sided && config.window !== undefined) {
    throw new AttentionError(
      'INVALID_CONFIG',
      'localWindow config',
      'either window or left/right',
      `window ${describe(config.window)} with left ${describe(config.left)}, right ${describe(config.right)}`,
    );
  }
  const window = configInteger(config.window, 'localWindow config.window', DEFAULT_WINDOW, 0);
  const left = sided ? configInteger(config.left, 'localWindow config.left', 0, 0) : window;
  const right = sided ? configInteger(config.right, 'localWindow config.right', 0, 0) : window;
  const dilation = configInteger(config.dilation, 'localWindow config.dilation', 1, 1);
  const block = configInteger(config.block, 'localWindow config.block', 64, 1, 4096);
  const backend = configEnum(config.backend, 'localWindow config.backend', BACKEND_CHOICES, 'auto');
  const shape = sided ? { left, right } : { window };
  return {
    left,
    right,
    dilation,
    block,
    backend,
    shown: { ...shape, dilation, block, backend },
  };
}
