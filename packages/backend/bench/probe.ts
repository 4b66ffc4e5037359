import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { registerWasmTrainingKernels } from '../src/kernels/index.js';
import { loadMnist } from '@nophd/mnist-data';
import { createStageModel, STAGES } from '@nophd/models';

/**
 * Trains every stage for one batch on wasm with Adam and SGD and reports which fail, e.g.
 * "Kernel 'Conv2DBackpropFilter' not registered". With --register, the training kernels are on.
 *   npx tsx bench/probe.ts [--register]
 */
if (process.argv.includes('--register')) registerWasmTrainingKernels();

await tf.setBackend('wasm');
await tf.ready();
const { test } = await loadMnist({ validationSize: 0, trainSize: 0 });
for (const { stage, recipe } of STAGES) {
  for (const opt of ['adam', 'sgd']) {
    const { model: m } = createStageModel(stage);
    m.compile({ optimizer: opt, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const { xs, ys } = test.toTensors({ shape: recipe.inputShape, size: 8 });
    try {
      const h = await m.fit(xs, ys, { epochs: 1, batchSize: 8, verbose: 0 });
      console.log(stage, opt, 'ok', h.history.loss);
    } catch (e) {
      console.log(stage, opt, 'FAIL', (e as Error).message);
    }
  }
}
