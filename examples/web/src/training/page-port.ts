import type { PageSession, TrainingClient } from '@nophd/training/worker';
import { ModelReplacedError, type ModelPort } from '../views/model-port';

/**
 * The model views' window on the model the trainer holds (in the Web Worker): each question is a message,
 * each answer plain typed arrays. The layer list came with the session.
 */
export function pagePort(session: PageSession, trainer: TrainingClient): ModelPort {
  const replaced = () => new ModelReplacedError();
  return {
    async firstLayerWeights() {
      const kernel = await trainer.firstLayerWeights();
      if (!kernel) throw replaced();
      return kernel;
    },
    async predict(pixels) {
      const probabilities = await trainer.predict(pixels);
      if (!probabilities) throw replaced();
      return probabilities;
    },
    layers: () => session.layers,
  };
}
