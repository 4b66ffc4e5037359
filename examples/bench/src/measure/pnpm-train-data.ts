import { loadMnist, type MnistData } from '@nophd/mnist-data';
import { DEFAULT_SEED } from '@nophd/training';
import { TEST_IMAGES, TRAIN_IMAGES } from '../plan.js';

/** The validation images `pnpm train` holds out of the 60,000 training images. */
const VALIDATION_IMAGES = 5_000;

/**
 * MNIST split as `pnpm train` loads it by default (examples/node/src/training/run-training.ts): 55,000
 * training, 5,000 validation and 10,000 test images, shuffled apart by DEFAULT_SEED.
 */
export function loadLikePnpmTrain(): Promise<MnistData> {
  return loadMnist({ trainSize: TRAIN_IMAGES, testSize: TEST_IMAGES, validationSize: VALIDATION_IMAGES, seed: DEFAULT_SEED });
}
