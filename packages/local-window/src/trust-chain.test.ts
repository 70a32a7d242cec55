import { chainCases, itChainsTrust, shapeOf } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe } from 'vitest';
import { type LocalWindowConfig, resolveConfig } from './config.ts';
import { localWindow } from './local-window.ts';
import { bandMask, naiveLocalWindow } from './naive.ts';

const configs: LocalWindowConfig[] = [
  { window: 4, block: 8 },
  { left: 6, right: 1, dilation: 2, block: 5 },
];
for (const backend of backendChoices())
  for (const config of configs) {
    const band = resolveConfig(config);
    describe(`local-window ${JSON.stringify(config)}: reference → naive → fast (${backend})`, () => {
      itChainsTrust({
        // The naive form honours scoreBias too (it used to drop it): the bias cases prove it.
        naive: (q, k, v, options) => naiveLocalWindow(q, k, v, band, options),
        fast: () => localWindow({ ...config, backend }),
        mask: (s) => bandMask(shapeOf(s), band),
        cases: chainCases(),
      });
    });
  }
