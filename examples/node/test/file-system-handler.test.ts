import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { fileSystemHandler, ModelFormatError, ModelNotFoundError } from '../src/io/file-system-handler.js';
import { saveCheckpoint } from '../src/io/save-checkpoint.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'nophd-handler-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function smallModel() {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [4], units: 3, activation: 'relu' }), tfl.layers.dense({ units: 2, activation: 'softmax' })],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

describe('fileSystemHandler', () => {
  it('round-trips topology, weights, optimizer state and metadata', async () => {
    const model = smallModel();
    const xs = tf.randomNormal([8, 4], 0, 1, 'float32', 1);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1], 'int32'), 2);
    await model.fit(xs, ys, { epochs: 2, batchSize: 4, verbose: 0 });
    model.setUserDefinedMetadata({ stage: 4, epochsCompleted: 2 });

    const result = await saveCheckpoint(model, fileSystemHandler(dir));
    expect(result.modelArtifactsInfo.weightDataBytes).toBeGreaterThan(0);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);

    const loaded = await tfl.loadLayersModel(fileSystemHandler(dir));
    const original = model.getWeights().map((w) => w.dataSync());
    const restored = loaded.getWeights().map((w) => w.dataSync());
    expect(restored).toEqual(original);
    expect(loaded.getUserDefinedMetadata()).toEqual({ stage: 4, epochsCompleted: 2 });
    const optimizerBefore = await Promise.all((await model.optimizer.getWeights()).map((w) => w.tensor.data()));
    const optimizerAfter = await Promise.all((await loaded.optimizer.getWeights()).map((w) => w.tensor.data()));
    expect(optimizerAfter.length).toBe(optimizerBefore.length);
    expect(optimizerAfter).toEqual(optimizerBefore);

    const a = model.predict(xs) as tf.Tensor;
    const b = loaded.predict(xs) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([xs, ys, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('saves checkpoints without leaking tensors', async () => {
    const model = smallModel();
    await model.fit(tf.ones([4, 4]), tf.ones([4, 2]), { epochs: 1, verbose: 0 });
    const checkpointDir = join(dir, 'checkpoints');
    await saveCheckpoint(model, fileSystemHandler(checkpointDir));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await saveCheckpoint(model, fileSystemHandler(checkpointDir));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('names the folder when there is no model', async () => {
    const missing = join(dir, 'nothing-here');
    const error = await tfl.loadLayersModel(fileSystemHandler(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelNotFoundError);
    expect((error as Error).message).toContain('nothing-here');
    expect((error as Error).message).toContain('pnpm train');
  });

  it('explains a corrupt model.json', async () => {
    const broken = join(dir, 'broken');
    await fileSystemHandler(broken).save!({ modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(0) });
    await writeFile(join(broken, 'model.json'), '{ not json');
    const error = await fileSystemHandler(broken).load!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).toMatch(/invalid JSON/);
  });
});
