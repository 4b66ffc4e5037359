import * as tf from '@tensorflow/tfjs-core';
import { onBackendFallback, selectBackend } from '@nophd/backend';
import { loadMnist, type MnistData } from '@nophd/mnist-data';
import type { StageNumber } from '@nophd/models';
import { TrainingOptionError } from '../errors.js';
import { inputShapeOf } from '../evaluate.js';
import { LiveSession } from './live-session.js';
import { buffersOf, type InitCommand, type PostEvent, type TrainerCommand } from './protocol.js';

/**
 * Either end of a message channel: a worker's `self`, a `Worker`, a `MessagePort` (the browser's or
 * node:worker_threads'). Only what both a worker and Node have, so the package needs no DOM.
 */
export interface MessageEndpoint {
  /** Always called with a transfer list (empty when nothing moves). */
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  /** Calls `listener` with each message that arrives. */
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /** A MessagePort delivers nothing until started. */
  start?(): void;
}

/** Options of {@link serveTraining}. */
export interface ServeTrainingOptions {
  /** Reported in the `backend` event: `'worker'` (default), or `'page'` for the in-page fallback. */
  where?: 'worker' | 'page';
}

/**
 * Runs the trainer on one end of a channel: answers the commands of {@link connectTraining}'s client
 * (init, stage, start, pause, resume, stop, reset, predictions) with events. An app's worker file is this
 * one call, serving the worker it runs in (`self`, the default); the page starts it with {@link startTraining}.
 *
 * @param scope The worker's global scope (default), or one port of a `MessageChannel`.
 * @throws {TrainingOptionError} when called on a page's main thread, where `self` is the window, not a worker.
 * @example
 * ```ts
 * // trainer.worker.ts
 * import { serveTraining } from '@nophd/training/worker';
 * serveTraining(self);
 * ```
 */
export function serveTraining(scope: MessageEndpoint | typeof globalThis = globalThis, options: ServeTrainingOptions = {}): void {
  if ('document' in scope) {
    throw new TrainingOptionError('serveTraining(scope)', "is the page's window, not a worker or a message port",
      "Call serveTraining(self) in the worker's own script, and startTraining({ worker }) on the page (it falls back to the page's thread by itself).");
  }
  const endpoint = scope as unknown as MessageEndpoint;
  const handle = createTrainer((event, transfer = []) => endpoint.postMessage(event, transfer), options.where ?? 'worker');
  endpoint.addEventListener('message', (message) => {
    const command = message.data as TrainerCommand | { type: 'hello' };
    // The page waits for this answer to know the worker's script loaded (connect.ts).
    if (command.type === 'hello') endpoint.postMessage({ type: 'hello' }, []);
    else handle(command);
  });
  endpoint.start?.();
}

/**
 * The trainer: picks the backend, loads MNIST, and runs one {@link LiveSession} at a time as commanded.
 * The same code runs in a Web Worker and, where no worker can be had, in the page itself.
 */
function createTrainer(post: PostEvent, where: 'worker' | 'page'): (command: TrainerCommand) => void {
  let data: MnistData | undefined;
  let testSize = 0;
  let session: LiveSession | undefined;
  let sessions = 0;
  let stage: StageNumber = 1;
  let webglLost = false;

  const fail = (what: string, error: unknown) => {
    if (webglLost) return; // the fallback restarts training
    post({ type: 'error', what, message: error instanceof Error ? error.message : String(error) });
  };

  let trainImages: number | undefined;
  const newSession = () => {
    session?.dispose();
    session = data ? new LiveSession({ id: ++sessions, stage, data, trainImages, testSize, post, onError: (e) => fail('Training stopped', e) }) : undefined;
  };

  /** The canvas tfjs's WebGL backend draws on (an OffscreenCanvas in a worker), when WebGL is in use. */
  const webglCanvas = (): WebGLCanvas | undefined => {
    if (tf.getBackend() !== 'webgl') return undefined;
    return (tf.backend() as unknown as { gpgpu?: { gl?: { canvas?: WebGLCanvas } } }).gpgpu?.gl?.canvas;
  };

  let resumeAfterFallback = false;
  const watchWebGL = () => {
    webglCanvas()?.addEventListener('webglcontextlost', () => {
      webglLost = true;
      // The model's tensors are gone with the context: stop, and touch no tensor until the fallback is ready.
      resumeAfterFallback = session?.status === 'running';
      session?.dispose();
      session = undefined;
      post({ type: 'notice', message: 'The WebGL context was lost. Switching to another backend…', kind: 'warning' });
    });
  };

  // A lost WebGL context moves training to the next backend; the model lived in WebGL memory, so start afresh.
  onBackendFallback((from, to, why) => {
    const wasRunning = resumeAfterFallback || session?.status === 'running';
    resumeAfterFallback = false;
    webglLost = false;
    post({ type: 'fallback', from, to, why, tfBackend: tf.getBackend() });
    const lost = from === 'webgl' ? 'WebGL' : from;
    post({
      type: 'notice',
      kind: 'warning',
      message:
        `${lost} stopped working: ${why.split(';')[0]}. Training moved to ${to.label}; ` +
        `stage ${stage} restarted from scratch, because its model lived in ${lost} memory.`,
    });
    newSession();
    if (wasRunning) session?.start();
  });

  const init = async (command: InitCommand) => {
    const { backend, wasmPaths, threads, mnist } = command;
    const backendReady = selectBackend({ backend, wasmPaths, threads }).then((selection) => {
      post({ type: 'backend', selection, tfBackend: tf.getBackend(), where });
      watchWebGL();
    });
    const downloads = new Map<string, { loaded: number; total: number | undefined }>();
    const dataReady = loadMnist({
      ...mnist,
      onProgress: (progress) => {
        downloads.set(progress.file, progress);
        post({ type: 'download', files: [...downloads.values()], latest: progress.file, done: false });
      },
    });
    const [, loaded] = await Promise.all([backendReady, dataReady]);
    data = loaded;
    testSize = Math.min(command.testSize ?? loaded.test.size, loaded.test.size);
    const mnistBytes = [...downloads.values()].reduce((sum, file) => sum + file.loaded, 0);
    post({ type: 'download', files: [], latest: '', done: true });
    const testImages = loaded.test.images.slice(0, testSize * 784);
    const testLabels = loaded.test.labels.slice(0, testSize);
    post({ type: 'data', mnistBytes, testImages, testLabels }, buffersOf(testImages, testLabels));
  };

  const predict = (id: number, image: Float32Array) => {
    const model = session?.model;
    if (!model || webglLost) return post({ type: 'prediction', id, probabilities: null });
    const shape = inputShapeOf(model) === 'flat' ? [1, 784] : [1, 28, 28, 1];
    const probabilities = tf.tidy(() => (model.predict(tf.tensor(image, shape)) as tf.Tensor).dataSync() as Float32Array).slice();
    post({ type: 'prediction', id, probabilities }, buffersOf(probabilities));
  };

  const firstLayer = async (id: number) => {
    const model = session?.model;
    const kernel = model && !webglLost ? model.layers.flatMap((layer) => layer.getWeights())[0] : undefined;
    if (!kernel) return post({ type: 'first-layer', id, kernel: null });
    // A copy: a backend may hand out the tensor's own array (WebGL before the first upload), and transferring it would detach it.
    const values = ((await kernel.data()) as Float32Array).slice();
    post({ type: 'first-layer', id, kernel: { values, shape: kernel.shape } }, buffersOf(values));
  };

  const loseWebGL = (id: number) => {
    const extension = webglCanvas()?.getContext('webgl2')?.getExtension('WEBGL_lose_context') as { loseContext(): void } | null | undefined;
    extension?.loseContext();
    post({ type: 'reply', id, ok: Boolean(extension) });
  };

  return (command) => {
    switch (command.type) {
      case 'init':
        return void init(command).catch((error) => fail('Could not start', error));
      case 'stage':
        stage = command.stage;
        trainImages = command.trainImages;
        return newSession();
      case 'reset':
        trainImages = command.trainImages;
        return newSession();
      case 'start':
      case 'resume':
        return session?.start();
      case 'pause':
        return session?.pause();
      case 'stop':
        return session?.stop();
      case 'dispose': {
        const ending = session;
        session = undefined;
        const freed = ending ? ending.dispose() : Promise.resolve();
        return void freed.then(() => post({ type: 'reply', id: command.id, ok: true }));
      }
      case 'predict':
        return predict(command.id, command.image);
      case 'first-layer':
        return void firstLayer(command.id).catch((error) => fail('Reading the weights', error));
      case 'lose-webgl':
        return loseWebGL(command.id);
    }
  };
}

/** The part of a WebGL canvas (HTML or Offscreen) the trainer touches: context-loss events and the lose-context extension. */
interface WebGLCanvas {
  addEventListener(type: 'webglcontextlost', listener: () => void): void;
  getContext(kind: 'webgl2'): { getExtension(name: string): unknown } | null;
}
