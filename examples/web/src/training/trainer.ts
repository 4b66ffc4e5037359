import * as tf from '@tensorflow/tfjs-core';
import { backendFromUrl, onBackendFallback, selectBackend } from '@nophd/backend';
import { loadMnist, type MnistData } from '@nophd/mnist-data';
import type { StageNumber } from '@nophd/models';
import { inputShapeOf } from '@nophd/training';
import { LiveSession } from './live-session';
import { buffersOf, type PostEvent, type TrainerCommand } from './protocol';

/**
 * The training side of the page: picks the backend, loads MNIST, and runs one {@link LiveSession} at a time
 * as the page commands. The same code runs in the Web Worker (trainer.worker.ts) and, where no worker can be
 * had, in the page itself; only `post` differs.
 *
 * @example
 * ```ts
 * const handle = createTrainer((event, transfer) => self.postMessage(event, { transfer }), 'worker');
 * self.onmessage = (message) => handle(message.data);
 * ```
 */
export function createTrainer(post: PostEvent, where: 'worker' | 'page'): (command: TrainerCommand) => void {
  let data: MnistData | undefined;
  let testSize = 10_000;
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
  const webglCanvas = (): HTMLCanvasElement | OffscreenCanvas | undefined => {
    if (tf.getBackend() !== 'webgl') return undefined;
    return (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl?.canvas;
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

  const init = async (command: Extract<TrainerCommand, { type: 'init' }>) => {
    testSize = command.testSize;
    const backendReady = selectBackend({ backend: backendFromUrl(command.search), wasmPaths: command.wasmPaths }).then((selection) => {
      post({ type: 'backend', selection, tfBackend: tf.getBackend(), where });
      watchWebGL();
    });
    const downloads = new Map<string, { loaded: number; total: number | undefined }>();
    const dataReady = loadMnist({
      baseUrl: command.mnistUrl,
      gzip: true,
      verify: globalThis.isSecureContext, // crypto.subtle, which checks the SHA-256, exists only there
      cache: true,
      onProgress: (progress) => {
        downloads.set(progress.file, progress);
        post({ type: 'download', files: [...downloads.values()], latest: progress.file, done: false });
      },
    });
    const [, loaded] = await Promise.all([backendReady, dataReady]);
    data = loaded;
    testSize = Math.min(testSize, loaded.test.size);
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
    const gl = webglCanvas()?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
    const extension = gl?.getExtension('WEBGL_lose_context');
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
      case 'predict':
        return predict(command.id, command.image);
      case 'first-layer':
        return void firstLayer(command.id).catch((error) => fail('Reading the weights', error));
      case 'lose-webgl':
        return loseWebGL(command.id);
    }
  };
}
