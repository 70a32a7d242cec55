/**
 * The Web Worker entry (start it with `new Worker(url, { type: 'module' })`): binds `runTask`
 * to the worker's global scope. The pool sends a worker one task at a time.
 */
import type { ReplyMessage, TaskMessage } from './types.ts';
import { runTask } from './worker-core.ts';

// The slice of a dedicated worker's global scope used here (no WebWorker lib types).
interface WorkerScope {
  onmessage: ((event: { data: TaskMessage }) => void) | null;
  onmessageerror: (() => void) | null;
  postMessage(message: ReplyMessage): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  runTask(event.data)
    .then((reply) => scope.postMessage(reply))
    .catch((error: unknown) => {
      // runTask never rejects, but a reply can fail to post (a thrown error with fields that do
      // not clone). A rejection here would reach no one and the caller would wait forever;
      // thrown uncaught it reaches the page as the Worker's `error` event, which fails the call.
      setTimeout(() => {
        throw error;
      });
    });
};

// A task that cannot be deserialized here would otherwise get no reply at all.
scope.onmessageerror = () => {
  throw new Error('attnkit pool worker: a task could not be deserialized');
};
