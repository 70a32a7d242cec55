import { chainCases, itChainsTrust } from '@attnkit/core/testing';
import { backendChoices } from '@attnkit/kernels';
import { describe } from 'vitest';
import { chunked } from './chunked.ts';
import { naiveChunked } from './naive.ts';

const blocks = { queryBlock: 16, keyBlock: 8 };
for (const backend of backendChoices()) {
  describe(`chunked: reference → naive → fast (${backend})`, () => {
    itChainsTrust({
      naive: (q, k, v, options) => naiveChunked(q, k, v, options, blocks).output,
      fast: () => chunked({ backend, ...blocks }),
      cases: chainCases(),
    });
  });
}
