import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MNIST_FILE_NAMES, MnistFetchError, MnistFormatError, MnistIntegrityError, MnistOptionError,
  embeddedMnistFiles, loadMnist, type MnistCacheLike, type MnistData, type MnistFileKey, type MnistProgress,
} from '../src/browser.js';
import { loadMnist as loadMnistNode } from '../src/node.js';
import { TEST_CLASS_COUNTS, realFile, sameBytes, smallMnist } from './helpers.js';

const KEYS: MnistFileKey[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];
const BASE = 'https://example.test/mnist/';

interface Served { bytes: Uint8Array; headers?: Record<string, string>; status?: number }

/** A fetch that serves bytes as a stream in 1 MiB chunks, like a browser's, and records the requests. */
function fakeFetch(files: Record<string, Served>) {
  const requests: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    requests.push(url);
    const served = files[url];
    if (!served) return new Response('not found', { status: 404, statusText: 'Not Found' });
    const { bytes } = served;
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(offset, offset + (1 << 20)));
        offset += 1 << 20;
      },
    });
    return new Response(body, {
      status: served.status ?? 200,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), ...served.headers },
    });
  };
  return { fetch, requests };
}

function serve(files: Record<MnistFileKey, Uint8Array>, suffix = '', headers?: Record<string, string>): Record<string, Served> {
  return Object.fromEntries(KEYS.map((k) => [`${BASE}${MNIST_FILE_NAMES[k]}${suffix}`, { bytes: files[k], headers }]));
}

/** The part of the Cache API the loader uses, in memory. */
class FakeCache implements MnistCacheLike {
  readonly entries = new Map<string, Uint8Array>();
  async match(url: string) {
    const bytes = this.entries.get(url);
    return bytes ? new Response(bytes.slice()) : undefined;
  }
  async put(url: string, response: Response) {
    this.entries.set(url, new Uint8Array(await response.arrayBuffer()));
  }
  async delete(url: string) {
    return this.entries.delete(url);
  }
}

let real: Record<MnistFileKey, Uint8Array>;
let gz: Record<MnistFileKey, Uint8Array>;
let expected: MnistData;
beforeAll(async () => {
  real = Object.fromEntries(KEYS.map((k) => [k, realFile(k)])) as Record<MnistFileKey, Uint8Array>;
  gz = Object.fromEntries(KEYS.map((k) => [k, new Uint8Array(gzipSync(real[k], { level: 1 }))])) as Record<MnistFileKey, Uint8Array>;
  expected = await loadMnistNode({ verify: false });
});

function expectSameAsNode(data: MnistData) {
  for (const split of ['train', 'validation', 'test'] as const) {
    expect(data[split].size).toBe(expected[split].size);
    expect(sameBytes(data[split].images, expected[split].images)).toBe(true);
    expect(sameBytes(data[split].labels, expected[split].labels)).toBe(true);
  }
}

describe('browser loadMnist with fetch', () => {
  it('downloads the plain files with progress and gives the same data as Node', async () => {
    const { fetch, requests } = fakeFetch(serve(real));
    const events: MnistProgress[] = [];
    const data = await loadMnist({ baseUrl: 'https://example.test/mnist', fetch, onProgress: (p) => events.push(p) });
    expect(requests.sort()).toEqual(KEYS.map((k) => BASE + MNIST_FILE_NAMES[k]).sort());
    expectSameAsNode(data);
    expect(data.test.classCounts()).toEqual(TEST_CLASS_COUNTS);
    expect(data.source).toBe(BASE);
    for (const key of KEYS) {
      const mine = events.filter((e) => e.file === MNIST_FILE_NAMES[key]);
      expect(mine.length).toBe(Math.ceil(real[key].length / (1 << 20)));
      expect(mine.every((e, i) => i === 0 || e.loaded > mine[i - 1].loaded)).toBe(true);
      expect(mine.at(-1)).toEqual({ file: MNIST_FILE_NAMES[key], loaded: real[key].length, total: real[key].length });
    }
  });

  it('downloads .gz files with gzip: true and decompresses them with DecompressionStream', async () => {
    const { fetch, requests } = fakeFetch(serve(gz, '.gz'));
    const events: MnistProgress[] = [];
    const data = await loadMnist({ baseUrl: BASE, gzip: true, fetch, onProgress: (p) => events.push(p), verify: true });
    expect(requests.every((url) => url.endsWith('.gz'))).toBe(true);
    expectSameAsNode(data);
    expect(data.verified).toBe(true);
    const last = events.filter((e) => e.file === 'train-images-idx3-ubyte.gz').at(-1)!;
    expect(last.loaded).toBe(gz.trainImages.length);
    expect(last.total).toBe(gz.trainImages.length);
  });

  it('reports an unknown total when the server sends no usable Content-Length', async () => {
    const small = smallMnist(100, 50);
    const { fetch } = fakeFetch(serve(small, '', { 'content-encoding': 'br' }));
    const events: MnistProgress[] = [];
    await loadMnist({ baseUrl: BASE, fetch, validationSize: 0, onProgress: (p) => events.push(p) });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.total === undefined)).toBe(true);
  });

  it('serves a reload from the Cache API without fetching again', async () => {
    const cache = new FakeCache();
    const first = fakeFetch(serve(gz, '.gz'));
    await loadMnist({ baseUrl: BASE, gzip: true, fetch: first.fetch, cache, testSize: 10 });
    expect([...cache.entries.keys()].sort()).toEqual(KEYS.map((k) => `${BASE}${MNIST_FILE_NAMES[k]}.gz`).sort());
    expect(sameBytes(cache.entries.get(`${BASE}train-labels-idx1-ubyte.gz`)!, gz.trainLabels)).toBe(true);

    const offline = async (): Promise<Response> => { throw new TypeError('Failed to fetch'); };
    const events: MnistProgress[] = [];
    const again = await loadMnist({ baseUrl: BASE, gzip: true, fetch: offline, cache, onProgress: (p) => events.push(p) });
    expectSameAsNode(again);
    expect(events.length).toBe(4);
    expect(events.every((e) => e.fromCache === true && e.loaded === e.total)).toBe(true);
  });

  it('does not cache files that fail to parse, and drops bad cached files', async () => {
    const cache = new FakeCache();
    const files = smallMnist(100, 50);
    const broken = { ...files, testImages: files.testImages.subarray(0, 1000) };
    const { fetch } = fakeFetch(serve(broken));
    await expect(loadMnist({ baseUrl: BASE, fetch, cache, validationSize: 0 })).rejects.toThrow(MnistFormatError);
    expect(cache.entries.size).toBe(0);

    cache.entries.set(`${BASE}t10k-images-idx3-ubyte`, broken.testImages);
    const good = fakeFetch(serve(files));
    await expect(loadMnist({ baseUrl: BASE, fetch: good.fetch, cache, validationSize: 0 })).rejects.toThrow(/truncated/);
    expect(cache.entries.has(`${BASE}t10k-images-idx3-ubyte`)).toBe(false);
    const data = await loadMnist({ baseUrl: BASE, fetch: good.fetch, cache, validationSize: 0 });
    expect(data.test.size).toBe(50);
    expect(cache.entries.size).toBe(4);
  });

  it('still loads when the cache refuses to store (quota)', async () => {
    const full: MnistCacheLike = {
      match: async () => undefined,
      put: async () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); },
    };
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => { warnings.push(args.join(' ')); };
    try {
      const data = await loadMnist({ baseUrl: BASE, fetch: fakeFetch(serve(smallMnist())).fetch, cache: full, validationSize: 0 });
      expect(data.train.size).toBe(100);
    } finally {
      console.warn = warn;
    }
    expect(String(warnings[0])).toMatch(/could not cache the MNIST files \(The quota has been exceeded\.\)/);
  });
});

describe('browser loadMnist errors', () => {
  it('names the URL and status of a missing file', async () => {
    const files = serve(smallMnist());
    delete files[`${BASE}train-labels-idx1-ubyte`];
    const error = await loadMnist({ baseUrl: BASE, fetch: fakeFetch(files).fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MnistFetchError);
    expect((error as MnistFetchError).status).toBe(404);
    expect((error as Error).message).toMatch(/train-labels-idx1-ubyte: the server answered HTTP 404 Not Found\. Check that baseUrl/);
  });

  it('recognises an HTML page served instead of a file', async () => {
    const files = serve(smallMnist(), '', { 'content-type': 'text/html; charset=utf-8' });
    await expect(loadMnist({ baseUrl: BASE, fetch: fakeFetch(files).fetch })).rejects.toThrow(/HTML page instead of the file/);
  });

  it('wraps network failures and broken gzip', async () => {
    const down = async (): Promise<Response> => { throw new TypeError('Failed to fetch'); };
    await expect(loadMnist({ baseUrl: BASE, fetch: down })).rejects.toThrow(/the request failed \(Failed to fetch\)/);
    const small = smallMnist();
    const cut = Object.fromEntries(KEYS.map((k) => {
      const z = gzipSync(small[k]);
      return [k, new Uint8Array(k === 'testLabels' ? z.subarray(0, z.length - 12) : z)];
    })) as Record<MnistFileKey, Uint8Array>;
    const error = await loadMnist({ baseUrl: BASE, gzip: true, fetch: fakeFetch(serve(cut, '.gz')).fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MnistFormatError);
    expect((error as Error).message).toMatch(/t10k-labels-idx1-ubyte\.gz: expected a complete gzip stream/);
  });

  it('rejects altered files with verify: true', async () => {
    const altered = { ...real, trainLabels: real.trainLabels.slice() };
    altered.trainLabels[100] = (altered.trainLabels[100] + 1) % 10;
    const error = await loadMnist({ baseUrl: BASE, verify: true, fetch: fakeFetch(serve(altered)).fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MnistIntegrityError);
    expect((error as MnistIntegrityError).fileName).toBe('train-labels-idx1-ubyte');
  });

  it('explains what the browser needs instead of dir or the embedded files', async () => {
    await expect(loadMnist()).rejects.toThrow(MnistOptionError);
    await expect(loadMnist()).rejects.toThrow(/baseUrl: missing\. In the browser, pass the folder URL/);
    await expect(loadMnist({ dir: './data' })).rejects.toThrow(/Node only/);
    await expect(loadMnist({ baseUrl: '/mnist/' })).rejects.toThrow(/relative URLs need a page/);
    expect(() => embeddedMnistFiles()).toThrow(/works in Node only/);
  });
});
