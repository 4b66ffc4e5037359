/** Where the bar goes: a Node writable stream (process.stdout by default). */
export interface ProgressStream {
  /** Writes one chunk of text. */
  write(chunk: string): unknown;
  /** Whether the stream is a terminal (a live bar is drawn only there). */
  isTTY?: boolean;
  /** Terminal width in characters. */
  columns?: number;
}
