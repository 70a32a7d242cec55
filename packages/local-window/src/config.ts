import {
  AttentionError,
  type ConfigOf,
  describe,
  memoryBudgetOption,
  option,
  parseConfig,
  type SettingsOf,
} from '@attnkit/core';
import { backendOption } from '@attnkit/kernels';

export const DEFAULT_WINDOW = 256;

/** The config keys of localWindow, each stated once (defineVariant adds memoryBudget). */
export const LOCAL_WINDOW_OPTIONS = {
  window: option.integer(
    'Keys seen on each side of a query: left = right = window. Default 256.',
    DEFAULT_WINDOW,
    { min: 0 },
  ),
  left: option.integer(
    'Keys seen before the query (in dilated steps). Give left/right or window, not both.',
    undefined,
    { min: 0 },
  ),
  right: option.integer(
    'Keys seen after the query; 0 when only left is given. Causal calls never see them.',
    undefined,
    { min: 0 },
  ),
  dilation: option.integer(
    "Spacing between seen keys (Longformer's dilated window). Default 1.",
    1,
  ),
  block: option.integer('Tile size: queries per block and keys per tile. Default 64.', 64, {
    max: 4096,
  }),
  backend: backendOption,
};

const SCHEMA = { ...LOCAL_WINDOW_OPTIONS, memoryBudget: memoryBudgetOption };
type Settings = SettingsOf<typeof SCHEMA>;

/** Config of `localWindow()`: window | left/right, dilation, block, memoryBudget, backend. */
export type LocalWindowConfig = ConfigOf<typeof SCHEMA>;

/** The resolved band: query at position p sees key j iff j − p = m·dilation, −left ≤ m ≤ right. */
export interface Band {
  left: number;
  right: number;
  dilation: number;
}

export interface LocalWindowSettings extends Band {
  block: number;
  /** What `variant.config` shows: the form the user chose, so formatSpec round-trips. */
  shown: Record<string, unknown>;
}

/** The band a checked config describes: `window`, or `left`/`right` (never both). */
export function bandSettings(settings: Settings, given: readonly string[]): LocalWindowSettings {
  const sided = given.includes('left') || given.includes('right');
  if (sided && given.includes('window')) {
    throw new AttentionError(
      'INVALID_CONFIG',
      'local-window config',
      'either window or left/right',
      `window ${describe(settings.window)} with left ${describe(settings.left)}, right ${describe(settings.right)}`,
    );
  }
  const left = sided ? (settings.left ?? 0) : settings.window;
  const right = sided ? (settings.right ?? 0) : settings.window;
  const { dilation, block, backend, memoryBudget } = settings;
  const shape = sided ? { left, right } : { window: settings.window };
  return {
    left,
    right,
    dilation,
    block,
    shown: { ...shape, dilation, block, memoryBudget, backend },
  };
}

/** Checks a config and resolves its band, as the factory does (for tests and tools). */
export function resolveConfig(config: LocalWindowConfig = {}): LocalWindowSettings {
  const { settings, given } = parseConfig(SCHEMA, config, 'local-window');
  return bandSettings(settings, given);
}
