// A course app as a learner would write it: pick the backend, load MNIST, train stage 4 for 20 steps.
// Each bundler's entry calls runCourseApp; the result lands on window.courseApp for the test to read.
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@nophd/backend';
import { loadMnist } from '@nophd/mnist-data';
import { createStageModel } from '@nophd/models';

const STEPS = 20;
const BATCH_SIZE = 50;

async function train(options) {
  // The test machine shares two cores with other suites; a generous limit keeps a slow start from
  // counting as a failure (the default limit has its own tests in @nophd/backend).
  const selection = await selectBackend({ startTimeoutMs: 30_000, ...options });
  const data = await loadMnist({ baseUrl: new URL('mnist/', document.baseURI).href, gzip: true, trainSize: 2000, testSize: 100, seed: 1 });
  const { model } = createStageModel(4);
  const losses = [];
  for (const { xs, ys } of data.train.batches({ batchSize: BATCH_SIZE, seed: 1, shape: 'image' })) {
    const loss = await model.trainOnBatch(xs, ys);
    xs.dispose();
    ys.dispose();
    losses.push(Array.isArray(loss) ? loss[0] : loss);
    if (losses.length === STEPS) break;
  }
  model.dispose();
  return { selection, tfBackend: tf.getBackend(), crossOriginIsolated, trainSize: data.train.size, losses };
}

/** Runs the app and publishes `{ result }` or `{ error }` on `window.courseApp`. */
export function runCourseApp(options) {
  const out = document.getElementById('out');
  train(options).then(
    (result) => {
      window.courseApp = { result };
      out.textContent = `${result.selection.label}: loss ${result.losses[0].toFixed(3)} → ${result.losses.at(-1).toFixed(3)}`;
    },
    (error) => {
      window.courseApp = { error: `${error.name}: ${error.message}` };
      out.textContent = window.courseApp.error;
    },
  );
}
