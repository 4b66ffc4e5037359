// The `nophd-mnist` bin as a user runs it: the built dist/cli.js in a child Node process.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILE_NAMES, MNIST_SHA256, loadMnist } from '../src/node.js';
import { copyMnistFiles } from '../src/cli/copy-files.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'nophd-mnist-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Checks every line of a SHA256SUMS file against the files beside it, as `sha256sum -c` does. */
function checkSums(dir: string): string[] {
  return readFileSync(join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n').map((line) => {
    const [hash, name] = line.split('  ');
    expect(createHash('sha256').update(readFileSync(join(dir, name!))).digest('hex'), name).toBe(hash);
    return name!;
  });
}

describe('nophd-mnist copy', () => {
  beforeAll(() => {
    // The bin is the built file a user runs (`pnpm test` builds before the tests).
    expect(readdirSync(fileURLToPath(new URL('../dist', import.meta.url)))).toContain('cli.js');
  });

  it('writes the four original files and their checksums, which loadMnist verifies', async () => {
    const dir = join(work, 'plain');
    const { code, stdout } = run('copy', dir);
    expect(code).toBe(0);
    expect(stdout).toContain('SHA256SUMS');
    expect(checkSums(dir).sort()).toEqual(Object.values(MNIST_FILE_NAMES).sort());
    expect(readdirSync(dir).sort()).toEqual([...Object.values(MNIST_FILE_NAMES), 'SHA256SUMS'].sort());
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    for (const hash of Object.values(MNIST_SHA256)) expect(sums).toContain(hash);
    const data = await loadMnist({ dir, verify: true });
    expect(data.test.size).toBe(10000);
  });

  it('--gzip writes name.gz files (about 11 MB) that load as the originals', async () => {
    const dir = join(work, 'gz');
    expect(run('copy', dir, '--gzip').code).toBe(0);
    expect(checkSums(dir).every((name) => name.endsWith('.gz'))).toBe(true);
    const size = readdirSync(dir).reduce((sum, name) => sum + readFileSync(join(dir, name)).length, 0);
    expect(size).toBeLessThan(12_000_000);
    expect((await loadMnist({ dir, verify: true })).verified).toBe(true);
  });

  it('answers a bad command line with the problem and the usage, exit code 2', () => {
    for (const args of [[], ['copy'], ['paste', 'x'], ['copy', 'x', '--gz'], ['copy', 'x', 'y']]) {
      const { code, stderr, stdout } = run(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/^nophd-mnist: .+\n\nUsage: nophd-mnist copy <dir> \[--gzip\]/);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).toBe('');
    }
    expect(run('copy', 'x', '--gz').stderr).toContain('Unknown option --gz.');
    expect(run('--help').code).toBe(0);
  });

  it('names an unwritable folder and the way out, without a stack trace, exit code 1', () => {
    const file = join(work, 'a-file');
    writeFileSync(file, 'not a folder');
    const { code, stderr } = run('copy', join(file, 'mnist'));
    expect(code).toBe(1);
    expect(stderr).toContain(`Cannot write the MNIST files into ${join(file, 'mnist')}: ENOTDIR`);
    expect(stderr).toContain('Choose a folder you can write to');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('leaves no file behind, temporary or half-written, when a rename fails', async () => {
    const dir = join(work, 'failing');
    // A non-empty folder squatting on the first file's name makes its rename fail after every write succeeded.
    mkdirSync(join(dir, MNIST_FILE_NAMES.trainImages, 'occupied'), { recursive: true });
    await expect(copyMnistFiles(dir)).rejects.toThrow(/Cannot write the MNIST files into .+: (ENOTEMPTY|EISDIR|EEXIST)/);
    expect(readdirSync(dir)).toEqual([MNIST_FILE_NAMES.trainImages]);
  });
});
