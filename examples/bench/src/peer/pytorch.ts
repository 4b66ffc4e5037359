import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { imagesPerSecond } from '../stats.js';
import type { PeerResult, PeerTask } from '../tasks.js';

const SCRIPT = fileURLToPath(new URL('../../peer/pytorch_peer.py', import.meta.url));
/**
 * Interpreters tried in order: NOPHD_PYTHON if set (a virtualenv's python, say), the one on PATH, then the
 * system's, where Debian's python3-torch lives even when a pyenv or conda python comes first on PATH.
 */
export const PYTHONS = process.env.NOPHD_PYTHON ? [process.env.NOPHD_PYTHON] : ['python3', '/usr/bin/python3'];
export const INSTALL_HINT = 'install it with `apt-get install python3-torch` (Debian/Ubuntu) or `pip install torch`';

/** What the bench found: PyTorch's version, or why the peer column stays empty. */
export type PytorchStatus = { installed: true; version: string; python: string } | { installed: false; reason: string };

/** The first interpreter that imports torch, with torch's version; "not installed" with the install line otherwise. */
export async function detectPytorch(pythons: readonly string[] = PYTHONS): Promise<PytorchStatus> {
  for (const python of pythons) {
    const version = await torchVersion(python);
    if (version) return { installed: true, version, python };
  }
  return { installed: false, reason: `PyTorch not installed (tried ${pythons.join(', ')}): ${INSTALL_HINT}` };
}

function torchVersion(python: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import torch; print(torch.__version__)'], { timeout: 60_000 }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim() || undefined),
    );
  });
}

/** The Python script printed something other than its one JSON line of results. */
export class PytorchOutputError extends Error {
  override name = 'PytorchOutputError';
}

/**
 * Reads the last line pytorch_peer.py printed into a PeerResult for `task`: its batch times, or the
 * error it reported. Anything else (a traceback, an empty output) becomes a PytorchOutputError.
 */
export function parsePytorchOutput(task: PeerTask, stdout: string): PeerResult {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let reply: { ok?: boolean; error?: string; torch?: string; trainBatchMs?: unknown };
  try {
    reply = JSON.parse(last) as typeof reply;
  } catch {
    throw new PytorchOutputError(`pytorch_peer.py printed no result line (its output ended with ${JSON.stringify(last.slice(-200))}).`);
  }
  if (reply.ok !== true) throw new PytorchOutputError(`pytorch_peer.py failed: ${reply.error ?? 'no reason given'}`);
  const times = reply.trainBatchMs;
  if (!Array.isArray(times) || times.length === 0 || !times.every((t) => typeof t === 'number' && t > 0)) {
    throw new PytorchOutputError(`pytorch_peer.py reported no positive batch times: ${last.slice(0, 200)}`);
  }
  return {
    kind: 'peer',
    engine: 'pytorch',
    net: task.net,
    threads: task.threads,
    batchSize: task.batchSize,
    label: `PyTorch ${reply.torch ?? '?'}`,
    trainBatchMs: times as number[],
    trainImagesPerSecond: imagesPerSecond(task.batchSize, times as number[]),
  };
}

/** Runs one PyTorch measurement in its own Python process. */
export function runPytorch(task: PeerTask, python: string, timeoutSeconds: number): Promise<PeerResult> {
  const args = { net: task.net, threads: task.threads, batchSize: task.batchSize, warmupBatches: task.warmupBatches, timedBatches: task.timedBatches };
  return new Promise((resolve, reject) => {
    execFile(python, [SCRIPT, JSON.stringify(args)], { timeout: timeoutSeconds * 1000 }, (error, stdout, stderr) => {
      try {
        resolve(parsePytorchOutput(task, stdout));
      } catch (parseError) {
        reject(error && stdout.trim() === '' ? new PytorchOutputError(`${error.message.split('\n')[0]} ${stderr.slice(-300)}`) : parseError);
      }
    });
  });
}
