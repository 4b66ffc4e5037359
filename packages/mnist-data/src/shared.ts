// The API both entries (Node and browser) export.
export { parseIdxImages, parseIdxLabels, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxImages, type IdxLabels } from './idx.js';
export { MnistDataMissingError, MnistFetchError, MnistFormatError, MnistIntegrityError, MnistOptionError } from './errors.js';
export { MNIST_FILE_NAMES, MNIST_SHA256, type MnistFileKey } from './files.js';
export {
  createMnistSplit, type MnistBatch, type MnistBatchDataset, type MnistBatchOptions, type MnistDatasetOptions,
  type MnistSample, type MnistShape, type MnistSplit,
} from './split.js';
export type { MnistData, MnistSubsetOptions } from './assemble.js';
export type { LoadMnistOptions, MnistCacheLike, MnistFetchOptions, MnistProgress } from './options.js';

/** Absolute paths of the four embedded IDX files (see `embeddedMnistFiles`). */
export interface MnistFilePaths {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}
