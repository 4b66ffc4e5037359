import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { embeddedMnistFiles, loadMnist, parseIdxImages, parseIdxLabels } from '@nophd/mnist-data';
import { median } from '../stats.js';
import type { MnistLoadResult, MnistLoadTask } from '../tasks.js';

/** loadMnist() once in a fresh process, then the IDX parsers alone on the raw bytes of all 70,000 images. */
export async function measureMnistLoad(task: MnistLoadTask): Promise<MnistLoadResult> {
  const before = process.memoryUsage();
  const start = performance.now();
  const data = await loadMnist();
  const loadMs = performance.now() - start;
  const after = process.memoryUsage();

  const files = embeddedMnistFiles();
  const bytes = {
    trainImages: readIdx(files.trainImages),
    trainLabels: readIdx(files.trainLabels),
    testImages: readIdx(files.testImages),
    testLabels: readIdx(files.testLabels),
  };
  const parseMs: number[] = [];
  let parseImages = 0;
  for (let i = 0; i < task.parseRepeats; i++) {
    const t0 = performance.now();
    const train = parseIdxImages(bytes.trainImages, 'train-images');
    parseIdxLabels(bytes.trainLabels, 'train-labels');
    const test = parseIdxImages(bytes.testImages, 'test-images');
    parseIdxLabels(bytes.testLabels, 'test-labels');
    parseMs.push(performance.now() - t0);
    parseImages = train.count + test.count;
  }

  return {
    kind: 'mnist-load',
    loadMs,
    sizes: { train: data.train.size, validation: data.validation.size, test: data.test.size },
    parseImages,
    parseMs,
    parseMedianMs: median(parseMs),
    arrayBuffersGrowth: after.arrayBuffers - before.arrayBuffers,
    rssGrowth: after.rss - before.rss,
  };
}

/** The embedded files may be stored plain or gzipped; decompression is not part of parsing. */
function readIdx(path: string): Uint8Array {
  const raw = readFileSync(path);
  return new Uint8Array(path.endsWith('.gz') ? gunzipSync(raw) : raw);
}
