import { describeConformance } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import type { LocalWindowConfig } from './config.ts';
import { resolveConfig } from './config.ts';
import { localWindow } from './local-window.ts';
import { bandMask } from './naive.ts';

// Narrow windows so the band cuts every conformance shape; odd blocks so tiles straddle edges;
// one window wider than every shape (must behave as full attention).
const CONFIGS: LocalWindowConfig[] = [
  { window: 4 },
  { left: 5, right: 2, block: 7 },
  { window: 3, dilation: 3, block: 5 },
  { left: 6, right: 1, dilation: 2, block: 16 },
  { window: 100, block: 8 },
  { window: 1000 },
];

for (const backend of backendChoices()) {
  for (const config of CONFIGS) {
    const band = resolveConfig(config);
    describeConformance({
      name: `local-window ${JSON.stringify(config)} (${backend})`,
      create: () => localWindow({ ...config, backend }),
      mask: (shape) => bandMask(shape, band),
    });
  }
}
