import type { ModelPort } from '../views/model-port';
import type { PageSession } from './page-session';
import type { TrainerCommand, TrainerEvent } from './protocol';

/** Sends a command the trainer answers and resolves with the answer (see main.ts). */
export type Ask = <T extends TrainerEvent>(command: (id: number) => TrainerCommand, transfer?: Transferable[]) => Promise<T>;

/**
 * The model views' window on a model that lives with the trainer (in the Web Worker): each question is a
 * message, each answer plain typed arrays. The layer list came with the session.
 */
export function pagePort(session: PageSession, ask: Ask): ModelPort {
  return {
    async firstLayerWeights() {
      const answer = await ask<Extract<TrainerEvent, { type: 'first-layer' }>>((id) => ({ type: 'first-layer', id }));
      if (!answer.kernel) throw new Error('the model is being replaced');
      return answer.kernel;
    },
    async predict(pixels) {
      const image = pixels.slice(); // the copy crosses to the worker; the pad keeps its own
      const answer = await ask<Extract<TrainerEvent, { type: 'prediction' }>>((id) => ({ type: 'predict', id, image }), [image.buffer]);
      if (!answer.probabilities) throw new Error('the model is being replaced');
      return answer.probabilities;
    },
    layers: () => session.layers,
  };
}
