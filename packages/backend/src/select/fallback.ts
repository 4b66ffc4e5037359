import { checkFunction } from './check-options.js';
import type { BackendSelection } from './selection.js';

/** Called when the active backend broke at run time and selection moved on. */
export type BackendFallbackListener = (from: string, to: BackendSelection, why: string) => void;

const listeners = new Set<BackendFallbackListener>();

/**
 * Subscribes to run-time backend fallbacks: when WebGL's context is lost (GPU reset, driver crash,
 * too many contexts) selection moves to the next backend and calls `listener` with the old backend's
 * name, the new selection and the reason. Tensors and models that lived on the lost backend are gone:
 * rebuild the model (and reload weights from a checkpoint) on the new backend.
 * Returns a function that unsubscribes.
 *
 * @example
 * const stop = onBackendFallback((from, to, why) => {
 *   console.warn(`${from} → ${to.label}: ${why}`);
 *   restartTraining(); // create the model again; tf.getBackend() is now to.name
 * });
 */
export function onBackendFallback(listener: BackendFallbackListener): () => void {
  checkFunction('onBackendFallback', 'listener', listener, '(from, to, why) => console.warn(why)');
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every listener; one listener throwing does not stop the others. */
export function notifyFallback(from: string, to: BackendSelection, why: string): void {
  for (const listener of [...listeners]) {
    try {
      listener(from, to, why);
    } catch (error) {
      console.error('A backend fallback listener threw:', error);
    }
  }
}
