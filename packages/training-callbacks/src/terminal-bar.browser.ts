// Browser build of terminal-bar.ts: no terminal, so progressReporter writes its one-line epoch summaries only.
import type { SingleBar } from 'cli-progress';
import type { ProgressStream } from './progress-stream.js';

/** No terminal in a browser: always undefined. */
export async function startTerminalBar(_stream: ProgressStream, _format: string): Promise<SingleBar | undefined> {
  return undefined;
}
