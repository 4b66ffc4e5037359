// The live terminal bar of progressReporter, Node build. The browser build swaps this file for
// terminal-bar.browser.ts (see tsup.config.ts), so browser bundles never see cli-progress or its
// Node-only imports (events, readline).
import type { SingleBar } from 'cli-progress';
import type { ProgressStream } from './progress-stream.js';

/** Starts a cli-progress bar on `stream`, or returns undefined where there is no terminal (the browser build). */
export async function startTerminalBar(stream: ProgressStream, format: string): Promise<SingleBar | undefined> {
  const { default: cliProgress } = await import('cli-progress');
  return new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format,
      barsize: 24,
      hideCursor: false,
      clearOnComplete: false,
      stopOnComplete: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
}
