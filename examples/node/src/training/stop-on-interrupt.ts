/**
 * Turns the first Ctrl-C (SIGINT) or SIGTERM into a polite request: training finishes the current batch,
 * saves a checkpoint and writes the report. A second signal quits at once.
 */
export interface StopRequest {
  /** Aborted on the first signal; hand it to `train({ signal })`. */
  readonly signal: AbortSignal;
  /** Removes the signal handlers again. */
  release(): void;
}

/** Exit status of a process ended by SIGINT, as shells report it (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;

export function stopOnInterrupt(say: (line: string) => void): StopRequest {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      say(`\nSecond ${name === 'SIGINT' ? 'Ctrl-C' : name}: quitting now without saving.`);
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    controller.abort();
    say(`\n${name === 'SIGINT' ? 'Ctrl-C' : name}: stopping after this batch, saving a checkpoint and the report (press Ctrl-C again to quit at once)…`);
  };
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, handler);
  return {
    signal: controller.signal,
    release() {
      for (const name of ['SIGINT', 'SIGTERM'] as const) process.off(name, handler);
    },
  };
}
