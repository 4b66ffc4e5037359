/**
 * Turns the first Ctrl-C into a polite request: training finishes the current batch,
 * keeps the last checkpoint and writes the report. A second Ctrl-C quits at once.
 */
export interface StopRequest {
  readonly requested: boolean;
  /** Called once, on the first Ctrl-C (e.g. to set `model.stopTraining`). */
  onRequest(listener: () => void): void;
  /** Removes the SIGINT handler again. */
  release(): void;
}

/** Exit status of a process ended by SIGINT, as shells report it (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;

export function stopOnInterrupt(say: (line: string) => void): StopRequest {
  let requested = false;
  const listeners: (() => void)[] = [];
  const handler = () => {
    if (requested) {
      say('\nSecond Ctrl-C: quitting now without saving.');
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    requested = true;
    say('\nCtrl-C: stopping after this batch and writing the report (press Ctrl-C again to quit at once)…');
    for (const listener of listeners) listener();
  };
  process.on('SIGINT', handler);
  return {
    get requested() {
      return requested;
    },
    onRequest(listener) {
      listeners.push(listener);
      if (requested) listener();
    },
    release() {
      process.off('SIGINT', handler);
    },
  };
}
