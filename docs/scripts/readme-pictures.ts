// Renders the pictures of the package READMEs with the packages themselves: `pnpm --filter @repo/docs pictures`.
// Seeded, so a re-run changes a picture only when the code that draws it changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadMnist } from '@nophd/mnist-data';
import { createStageModel } from '@nophd/models';
import { fitCallbacks, percentileSampler } from '@nophd/training-callbacks';
import { percentileBands, renderBandsSvg, renderCurvesSvg, type CurveSeries } from '@nophd/visual-percentile-bands';
import { evaluate, memoryCheckpoints, train as startTraining } from '@nophd/training';
import { confusionMatrix, renderConfusionSvg, renderWeightPicturesSvg, weightTemplates } from '@nophd/visual-model';

const packages = fileURLToPath(new URL('../../packages/', import.meta.url));
function save(pkg: string, name: string, svg: string): void {
  mkdirSync(join(packages, pkg, 'docs'), { recursive: true });
  writeFileSync(join(packages, pkg, 'docs', name), svg);
  console.log(`packages/${pkg}/docs/${name}: ${svg.length} bytes`);
}

/** The first test digits as a grid of grey squares, one per pixel. */
function digitsSvg(images: Float32Array, count: number, perRow: number): string {
  const cell = 2;
  const size = 28 * cell + 4;
  const rows = Math.ceil(count / perRow);
  const rects: string[] = [];
  for (let n = 0; n < count; n++) {
    const ox = (n % perRow) * size + 2;
    const oy = Math.floor(n / perRow) * size + 2;
    for (let p = 0; p < 784; p++) {
      const ink = images[n * 784 + p]!;
      if (ink < 0.1) continue;
      rects.push(`<rect x="${ox + (p % 28) * cell}" y="${oy + Math.floor(p / 28) * cell}" width="${cell}" height="${cell}" fill-opacity="${ink.toFixed(2)}"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${perRow * size}" height="${rows * size}" viewBox="0 0 ${perRow * size} ${rows * size}">` +
    `<rect width="100%" height="100%" fill="#fff"/><g fill="#111">${rects.join('')}</g></svg>\n`;
}

tf.env().set('PROD', true); // no tfjs-node advice: the CPU backend is the point here
await tf.setBackend('cpu');
const { train, test } = await loadMnist({ trainSize: 10_000, testSize: 2000 });
save('mnist-data', 'digits.svg', digitsSvg(test.images.subarray(0, 20 * 784), 20, 10));

// Seeded pseudo-random weights that spread as training goes on, as in the README's example.
let state = 7;
const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const samples = [];
for (let iteration = 0; iteration <= 1000; iteration += 50) {
  const weights = Float32Array.from({ length: 10_000 }, () => (random() - 0.5) * (1 + iteration / 500));
  samples.push({ iteration, bands: percentileBands(weights) });
}
save('visual-percentile-bands', 'bands.svg', renderBandsSvg(samples, { title: 'Weights', color: '#2563eb' }));

// Stage 2 trained for real, its weights sampled by percentileSampler.
const { model } = createStageModel(2, { seed: 1 });
const { xs, ys } = train.toTensors();
const sampler = percentileSampler(model, { everyBatches: 5 });
await model.fit(xs, ys, { epochs: 3, batchSize: 100, shuffle: false, callbacks: fitCallbacks(sampler) });
save('training-callbacks', 'weights.svg', renderBandsSvg(sampler.weights, { title: 'Stage 2 weights while training', color: '#7c3aed' }));
tf.dispose([xs, ys]);
model.dispose();

// Stages 1 and 2 with their recipes' optimizers, test accuracy after each epoch (a small run: 10,000 images).
const curves: CurveSeries[] = [];
const testSet = test.toTensors();
for (const stage of [1, 2] as const) {
  const { model: stageModel, recipe, info } = createStageModel(stage, { seed: 1 });
  const data = train.toTensors({ shape: recipe.inputShape });
  const points: { x: number; y: number }[] = [];
  await stageModel.fit(data.xs, data.ys, {
    epochs: 8, batchSize: recipe.batchSize, shuffle: false, validationData: [testSet.xs, testSet.ys],
    callbacks: { onEpochEnd: async (epoch, logs) => void points.push({ x: epoch + 1, y: logs!.val_acc! }) },
  });
  curves.push({ label: `stage ${stage}: ${info.title}`, points });
  tf.dispose([data.xs, data.ys]);
  stageModel.dispose();
}
tf.dispose([testSet.xs, testSet.ys]);
save('models', 'stages.svg', renderCurvesSvg(curves, {
  title: 'Test accuracy, trained on 10,000 images', xLabel: 'epoch', yDomain: [0.85, 1], legend: 'top-right',
}));

// @nophd/training: stage 2 stopped by its AbortSignal after 60 steps and resumed from the checkpoint; the resumed
// run carries the history on, so the two halves join into one curve.
const small = { train, validation: test };
const checkpoints = memoryCheckpoints();
const stop = new AbortController();
const first = startTraining({ stage: 2, data: small, epochs: 2, checkpoints, signal: stop.signal, historyEvery: 2,
  callbacks: [{ onBatchEnd: () => void (first.iteration === 60 && stop.abort()) }] });
await first.result;
first.dispose();
const resumed = startTraining({ stage: 2, data: small, checkpoints, resume: true, historyEvery: 2 });
const { history } = await resumed.result;
resumed.dispose();
const loss = (from: number, to: number) => history.train.filter((p) => p.iteration > from && p.iteration <= to).map((p) => ({ x: p.iteration, y: p.loss }));
save('training', 'stop-and-resume.svg', renderCurvesSvg([
  { label: 'first run (stopped at step 60)', points: loss(0, 60) },
  { label: 'resumed from its checkpoint', points: loss(58, Infinity) },
], { title: 'Stage 2 training loss: stopped, then resumed', xLabel: 'training step', yDomain: [0, 2.5] }));

// @nophd/visual-model: stage 1 trained for two epochs: its ten weight templates and the confusion matrix.
const stage1 = startTraining({ stage: 1, data: { train }, epochs: 2 });
const { model: softmax } = await stage1.result;
const kernel = (await softmax.layers[0].getWeights()[0].data()) as Float32Array;
save('visual-model', 'templates.svg', renderWeightPicturesSvg(weightTemplates(kernel), { labels: [...'0123456789'] }));
const scored = await evaluate(softmax, test);
save('visual-model', 'confusion.svg', renderConfusionSvg(confusionMatrix(test.labels, scored.predictions)));
stage1.dispose();
