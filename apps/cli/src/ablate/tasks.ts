/**
 * The extension point for training tasks as a workload (`attnkit ablate … --task mqar`): a task
 * trains a small model with the point's variant inside and reports accuracy, which the runner
 * records beside time and memory as it does a quality workload's error. The trainer and its
 * tasks (MQAR, copy) belong to @attnkit/train (issue 23); when it lands, a task is one entry here
 * and run.ts calls `evaluate` per (point, seed) in place of measureFidelity.
 */
export interface TaskResult {
  /** Accuracy on the task's queried positions, 0…1. */
  accuracy: number;
  steps: number;
  trainMs: number;
}

export interface TrainingTask {
  name: string;
  description: string;
  evaluate(
    spec: string,
    point: { n: number; dim: number; causal: boolean },
    seed: number,
  ): Promise<TaskResult>;
}

export const TASKS: Readonly<Record<string, TrainingTask>> = {};
