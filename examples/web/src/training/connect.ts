import type { PostEvent, TrainerCommand, TrainerEvent } from './protocol';

/** The page's end of the trainer: send commands, receive events. */
export interface TrainerLink {
  send(command: TrainerCommand, transfer?: Transferable[]): void;
  /** Where training runs, and why on the page when it does. */
  where: 'worker' | 'page';
  why?: string;
}

/**
 * Starts the trainer in a module Web Worker; where the browser refuses one (no module workers, a policy
 * without `worker-src 'self'`, `?worker=0`), runs the same trainer in the page, behind the same messages.
 *
 * @example
 * ```ts
 * const link = await connectTrainer((event) => console.log(event.type));
 * link.send({ type: 'stage', stage: 2 });
 * ```
 */
export async function connectTrainer(onEvent: (event: TrainerEvent) => void, options: { worker?: boolean } = {}): Promise<TrainerLink> {
  if (options.worker === false) return inPage(onEvent, 'the page asked for it (?worker=0)');
  let worker: Worker;
  try {
    worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'nophd-trainer' });
  } catch (error) {
    return inPage(onEvent, `this browser could not start a Web Worker (${error instanceof Error ? error.message : String(error)})`);
  }
  // A worker whose script fails to load reports an error event and nothing else: wait for its first word.
  const started = await new Promise<boolean>((resolve) => {
    worker.addEventListener('message', () => resolve(true), { once: true });
    worker.addEventListener('error', () => resolve(false), { once: true });
    worker.postMessage({ type: 'hello' });
  });
  if (!started) {
    worker.terminate();
    return inPage(onEvent, 'the Web Worker script could not be loaded');
  }
  worker.addEventListener('message', (message: MessageEvent<TrainerEvent | { type: 'hello' }>) => {
    if (message.data.type !== 'hello') onEvent(message.data);
  });
  return { where: 'worker', send: (command, transfer = []) => worker.postMessage(command, transfer) };
}

/** The trainer on the page's own thread: the same messages, delivered as tasks so the page keeps its order. */
async function inPage(onEvent: (event: TrainerEvent) => void, why: string): Promise<TrainerLink> {
  const { createTrainer } = await import('./trainer');
  const post: PostEvent = (event) => setTimeout(() => onEvent(event));
  const handle = createTrainer(post, 'page');
  return { where: 'page', why, send: (command) => setTimeout(() => handle(command)) };
}
