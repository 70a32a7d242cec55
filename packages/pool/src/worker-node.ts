/** The worker_threads entry: binds `runTask` to the parent port. Tasks run one at a time. */
import { parentPort } from 'node:worker_threads';
import type { TaskMessage } from './types.ts';
import { runTask } from './worker-core.ts';

if (!parentPort) throw new Error('@attnkit/pool worker: start me with new Worker()');
const port = parentPort;
port.on('message', (message: TaskMessage) => {
  runTask(message).then((reply) => port.postMessage(reply));
});
