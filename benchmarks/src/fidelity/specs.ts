/** The approximate variants measured, built with their packages' public factories. */
import type { AttentionVariant } from '@attnkit/core';
import { linear } from '@attnkit/linear';
import { localWindow, localWindowMask } from '@attnkit/local-window';
import { type MassSource, probeRowWeights, type Workload } from '@attnkit/metrics';
import { sparse } from '@attnkit/sparse';

export interface Subject {
  spec: string;
  variant: AttentionVariant;
  /** What the variant attends on the rows measured (rows: flat row indices). */
  mass(w: Workload, causal: boolean, rows: Int32Array): MassSource;
}

const window = (w: number): Subject => ({
  spec: `local-window:window=${w}`,
  variant: localWindow({ window: w }),
  mass: (wl) =>
    ({
      kind: 'visibility',
      visible: localWindowMask(
        { queryLength: wl.q.shape[2], keyLength: wl.k.shape[2] },
        { left: w, right: w, dilation: 1 },
      ),
    }) as MassSource,
});

const viaWeights = (spec: string, variant: AttentionVariant): Subject => ({
  spec,
  variant,
  mass: (w, causal) => variant.weights!(w.q, w.k, { causal }),
});

const viaProbe = (spec: string, variant: AttentionVariant): Subject => ({
  spec,
  variant,
  mass: (w, causal, rows) => ({
    kind: 'rows',
    row: probeRowWeights(variant, w.q, w.k, rows, { causal }),
  }),
});

export const subjects = (): Subject[] => [
  window(256),
  window(1024),
  viaWeights('sparse:pattern=bigbird,block=64', sparse({ pattern: 'bigbird', block: 64 })),
  viaProbe('linear:featureMap=elu', linear({ featureMap: 'elu' })),
  viaProbe('linear:featureMap=favor,features=256', linear({ featureMap: 'favor', features: 256 })),
];
