import type { MessageEndpoint } from './serve.js';
import type { TrainerCommand, TrainerEvent } from './protocol.js';

/** A first layer's kernel as plain data: `shape` is tfjs's ([784, units] dense, or [h, w, in, out] conv). */
export interface KernelData {
  values: Float32Array;
  shape: number[];
}

/**
 * The page's end of a trainer ({@link serveTraining}): send commands, listen to events, and ask the
 * questions that have an answer. Made by {@link connectTraining} or {@link startTraining}.
 */
export interface TrainingClient {
  /** Where training runs: in a Web Worker, or on the page's own thread. */
  readonly where: 'worker' | 'page';
  /** Why training runs on the page, when it does. */
  readonly why?: string;
  /** Sends a command; `transfer` lists buffers that move rather than copy. */
  send(command: TrainerCommand, transfer?: ArrayBuffer[]): void;
  /** Calls `listener` with every event (answers to questions included); returns a function that stops it. */
  onEvent(listener: (event: TrainerEvent) => void): () => void;
  /** The model's ten probabilities for one 28×28 image (784 values in [0, 1]); null while no model exists. */
  predict(image: Float32Array): Promise<Float32Array | null>;
  /** The first layer's kernel as it is now; null while no model exists. */
  firstLayerWeights(): Promise<KernelData | null>;
  /** Simulates a lost WebGL context, to try the backend fallback; false where WebGL is not in use. */
  loseWebGLContext(): Promise<boolean>;
  /** Ends the session and resolves once its model and tensors are freed. */
  dispose(): Promise<void>;
  /** Closes the channel (terminates the worker); the trainer's tensors go with it. */
  close(): void;
}

/** A Worker, MessagePort or the like, as the page sees it. */
export interface TrainerEndpoint extends MessageEndpoint {
  /** A Worker's: ends it, and the trainer with it. */
  terminate?(): void;
  /** A MessagePort's: closes the channel. */
  close?(): void;
}

/**
 * The client of a trainer already listening on `endpoint`: a `Worker` whose script calls
 * {@link serveTraining}, or one port of a `MessageChannel` whose other port is served.
 *
 * @example
 * ```ts
 * const { port1, port2 } = new MessageChannel();
 * serveTraining(port1);
 * const trainer = connectTraining(port2);
 * trainer.onEvent((event) => console.log(event.type));
 * trainer.send({ type: 'init', backend: 'wasm', mnist: { trainSize: 1000, testSize: 500 } });
 * ```
 */
export function connectTraining(endpoint: TrainerEndpoint, where: 'worker' | 'page' = 'worker', why?: string): TrainingClient {
  const listeners = new Set<(event: TrainerEvent) => void>();
  const replies = new Map<number, (event: TrainerEvent) => void>();
  let requests = 0;
  endpoint.addEventListener('message', (message) => {
    const event = message.data as TrainerEvent | { type: 'hello' };
    if (event.type === 'hello') return;
    if ('id' in event && (event.type === 'prediction' || event.type === 'first-layer' || event.type === 'reply')) {
      replies.get(event.id)?.(event);
      replies.delete(event.id);
    }
    for (const listener of listeners) listener(event);
  });
  endpoint.start?.();
  const send = (command: TrainerCommand, transfer: ArrayBuffer[] = []) => endpoint.postMessage(command, transfer);
  /** Sends a command the trainer answers, and resolves with the answer. */
  const ask = <T extends TrainerEvent>(command: (id: number) => TrainerCommand, transfer?: ArrayBuffer[]): Promise<T> => {
    const id = ++requests;
    return new Promise((resolve) => {
      replies.set(id, resolve as (event: TrainerEvent) => void);
      send(command(id), transfer);
    });
  };
  return {
    where,
    why,
    send,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async predict(pixels) {
      const image = pixels.slice(); // the copy crosses to the trainer; the caller keeps its own
      const answer = await ask<Extract<TrainerEvent, { type: 'prediction' }>>((id) => ({ type: 'predict', id, image }), [image.buffer]);
      return answer.probabilities;
    },
    async firstLayerWeights() {
      return (await ask<Extract<TrainerEvent, { type: 'first-layer' }>>((id) => ({ type: 'first-layer', id }))).kernel;
    },
    async loseWebGLContext() {
      return (await ask<Extract<TrainerEvent, { type: 'reply' }>>((id) => ({ type: 'lose-webgl', id }))).ok;
    },
    async dispose() {
      await ask((id) => ({ type: 'dispose', id }));
    },
    close() {
      if (endpoint.terminate) endpoint.terminate();
      else endpoint.close?.();
    },
  };
}

/** Options of {@link startTraining}. */
export interface StartTrainingOptions {
  /**
   * Starts the app's module worker, whose script calls {@link serveTraining}; bundlers need the
   * `new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' })` form written in the app.
   */
  worker: () => TrainerEndpoint;
  /** Train on the page's own thread instead, for this reason (e.g. `'the page asked for it (?worker=0)'`). */
  inPage?: string;
}

/**
 * Starts a trainer in a Web Worker; where the browser refuses one (no module workers, a policy without
 * `worker-src 'self'`, a script that fails to load) or `inPage` asks for it, runs the same trainer on the
 * page's thread behind a `MessageChannel`, so the client is the same either way. `where` and `why` say
 * which it got.
 *
 * @example
 * ```ts
 * const trainer = await startTraining({
 *   worker: () => new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' }),
 * });
 * trainer.onEvent((event) => console.log(event.type));
 * ```
 */
export async function startTraining(options: StartTrainingOptions): Promise<TrainingClient> {
  if (options.inPage !== undefined) return inPage(options.inPage);
  let worker: TrainerEndpoint & { addEventListener(type: 'message' | 'error', listener: () => void, options?: { once: boolean }): void };
  try {
    worker = options.worker() as typeof worker;
  } catch (error) {
    return inPage(`this browser could not start a Web Worker (${error instanceof Error ? error.message : String(error)})`);
  }
  // A worker whose script fails to load reports an error event and nothing else: wait for its first word.
  const started = await new Promise<boolean>((resolve) => {
    worker.addEventListener('message', () => resolve(true), { once: true });
    worker.addEventListener('error', () => resolve(false), { once: true });
    worker.postMessage({ type: 'hello' }, []);
  });
  if (!started) {
    worker.terminate?.();
    return inPage('the Web Worker script could not be loaded');
  }
  return connectTraining(worker, 'worker');
}

/** The trainer on the page's own thread, behind a MessageChannel: the same messages, delivered as tasks. */
async function inPage(why: string): Promise<TrainingClient> {
  // Loaded only here, so a page whose worker starts never parses the trainer.
  const { serveTraining } = await import('./serve.js');
  const { port1, port2 } = new MessageChannel();
  serveTraining(port1 as unknown as MessageEndpoint, { where: 'page' });
  return connectTraining(port2 as unknown as TrainerEndpoint, 'page', why);
}
