/** A batch of token sequences [B, N] and, per position, the token to predict there (−1: none). */
export interface Batch {
  batch: number;
  length: number;
  tokens: Int32Array;
  targets: Int32Array;
}

/** A seeded task: the same (seed, batch size) always gives the same batch. */
export interface Task {
  readonly name: string;
  readonly config: Readonly<Record<string, number | boolean | string>>;
  /** Tokens are in [0, vocab). */
  readonly vocab: number;
  readonly length: number;
  /** Accuracy a model reaches by guessing uniformly among the possible answers. */
  readonly chance: number;
  /**
   * `batch` sequences of `length` tokens drawn from `seed` alone, so training batch t and the
   * held-out batches can be regenerated anywhere (resume, another variant) instead of stored.
   */
  sample(batch: number, seed: number): Batch;
}
