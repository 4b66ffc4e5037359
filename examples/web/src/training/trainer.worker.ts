/// <reference lib="webworker" />
import { createTrainer } from './trainer';
import type { TrainerCommand } from './protocol';

// The module worker the page starts (see connect.ts): training runs here, so the page's main thread only draws.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createTrainer((event, transfer = []) => scope.postMessage(event, { transfer }), 'worker');
scope.addEventListener('message', (message: MessageEvent<TrainerCommand | { type: 'hello' }>) => {
  // The page waits for this answer to know the worker's script loaded (connect.ts).
  if (message.data.type === 'hello') scope.postMessage({ type: 'hello' });
  else handle(message.data);
});
