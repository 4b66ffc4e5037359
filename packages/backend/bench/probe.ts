import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { registerWasmTrainingKernels } from '../src/kernels/index.js';
import { buildStage, syntheticBatch, type Stage } from './stages.js';

/**
 * Trains every stage for one batch on wasm with Adam and SGD and reports which fail, e.g.
 * "Kernel 'Conv2DBackpropFilter' not registered". With --register, the training kernels are on.
 *   npx tsx bench/probe.ts [--register]
 */
if (process.argv.includes('--register')) registerWasmTrainingKernels();

await tf.setBackend('wasm');
await tf.ready();
for (const stage of [1, 2, 3, 4, 5] as Stage[]) {
  for (const opt of ['adam', 'sgd']) {
    const m = buildStage(stage, { scale: 0.5 });
    m.compile({ optimizer: opt, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { xs, ys } = syntheticBatch(stage, 8);
    try {
      const h = await m.fit(xs, ys, { epochs: 1, batchSize: 8, verbose: 0 });
      console.log(stage, opt, 'ok', h.history.loss);
    } catch (e) {
      console.log(stage, opt, 'FAIL', (e as Error).message);
    }
  }
}
