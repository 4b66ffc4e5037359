/** The figures nophd promises, checked (never asserted) against each measurement. */
export const TARGETS = {
  /** Stage 4 training on wasm, images/s. */
  stage4WasmTraining: 1_000,
  /** Stage 5 training on wasm, images/s. */
  stage5WasmTraining: 450,
  /** Stage 4 training speed-up of wasm over cpu. */
  stage4WasmOverCpu: 200,
  /** nophd's training speed over PyTorch's, same net, batch size and thread count. */
  nophdOverPytorch: 1.5,
  /** Parsing the 70,000 images and labels, ms. */
  parse70kMs: 300,
  /** Raw float32 size of the 60,000 training images: 60,000 × 784 × 4 bytes. */
  rawTrainFloat32Bytes: 60_000 * 784 * 4,
  /** Memory may reach this multiple of the raw float32 training images. */
  memoryOverRaw: 2,
  /** The web page while a stage trains: frames per second, longest main-thread task, key press to frame (ms). */
  pageFramesPerSecond: 50,
  pageLongestTaskMs: 50,
  pageKeyPressMs: 100,
  /** Images/s training in the page's Web Worker, as a share of images/s on the page's own thread (same run). */
  pageWorkerThroughput: 0.9,
  /** Test accuracy of the time-to-accuracy run. */
  accuracy: 0.99,
  /** Seconds of training (validation and test evaluations included) `pnpm train` may take to reach that accuracy. */
  secondsToAccuracy: 120,
} as const;
