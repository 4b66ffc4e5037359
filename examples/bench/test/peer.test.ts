import { describe, expect, it } from 'vitest';
import { renderPeer, peerRows } from '../src/peer/report.js';
import { detectPytorch, parsePytorchOutput, PytorchOutputError } from '../src/peer/pytorch.js';
import type { BenchResults } from '../src/results.js';
import type { PeerResult, PeerTask } from '../src/tasks.js';
import { emptyResults } from './results-fixture.js';

function peer(engine: PeerResult['engine'], net: PeerResult['net'], threads: number, imagesPerSecond: number): PeerResult {
  return {
    kind: 'peer',
    engine,
    net,
    threads,
    batchSize: 128,
    label: engine === 'nophd' ? 'wasm (SIMD, 1 thread)' : 'PyTorch 1.13.0',
    trainBatchMs: [1],
    trainImagesPerSecond: imagesPerSecond,
  };
}

const base: BenchResults = emptyResults({ command: 'pnpm bench --only peer', mode: 'full' });

describe('peerRows', () => {
  it('pairs the engines by net and thread count and divides nophd by PyTorch', () => {
    const rows = peerRows([
      peer('pytorch', 'stage4', 1, 500),
      peer('nophd', 'stage4', 1, 1000),
      peer('nophd', 'stage4', 2, 1500),
      peer('pytorch', 'stage4', 2, 1000),
      peer('nophd', 'stage2', 1, 9000),
    ]);
    expect(rows.map((r) => r.net)).toEqual(['stage 2', 'stage 4']);
    expect(rows[1]!.cells).toEqual([
      { threads: 1, nophd: 1000, pytorch: 500, ratio: 2 },
      { threads: 2, nophd: 1500, pytorch: 1000, ratio: 1.5 },
    ]);
    expect(rows[0]!.cells[0]).toEqual({ threads: 1, nophd: 9000, pytorch: undefined, ratio: undefined });
  });

  it("keeps each engine's better run where it ran twice", () => {
    const rows = peerRows([
      peer('nophd', 'stage5', 1, 400),
      peer('pytorch', 'stage5', 1, 450),
      peer('pytorch', 'stage5', 1, 500),
      peer('nophd', 'stage5', 1, 440),
    ]);
    expect(rows[0]!.cells[0]).toEqual({ threads: 1, nophd: 440, pytorch: 500, ratio: 0.88 });
  });
});

describe('renderPeer', () => {
  it('prints both engines and the ratio checked against the 1.5× target', () => {
    const text = renderPeer({
      ...base,
      peer: [peer('nophd', 'stage5', 1, 250), peer('pytorch', 'stage5', 1, 246), peer('nophd', 'stage5', 2, 300), peer('pytorch', 'stage5', 2, 150)],
    });
    expect(text).toContain('| stage 5 (64) | 250 | 246 | 1.02× ❌ | 300 | 150 | 2.00× ✅ |');
    expect(text).toContain('Engines: wasm (SIMD, 1 thread); PyTorch 1.13.0.');
  });

  it('says PyTorch is not installed and how to install it', () => {
    const reason = 'PyTorch not installed for python3: install it with `apt-get install python3-torch`';
    const withNophd = renderPeer({ ...base, skipped: { peer: reason }, peer: [peer('nophd', 'experts', 1, 200)] });
    expect(withNophd).toContain('| Deep-MNIST-for-Experts net (50) | 200 | not installed | — |');
    expect(withNophd).toContain('apt-get install python3-torch');
    expect(renderPeer({ ...base, skipped: { peer: reason } })).toContain(reason);
    expect(renderPeer(base)).toBe('');
  });
});

describe('parsePytorchOutput', () => {
  const task: PeerTask = { kind: 'peer', engine: 'pytorch', net: 'stage4', threads: 2, batchSize: 128, warmupBatches: 1, timedBatches: 3 };

  it("reads the script's last line into images/s from the median batch", () => {
    const result = parsePytorchOutput(task, 'a warning\n{"ok": true, "torch": "1.13.0", "trainBatchMs": [100, 128, 400]}\n');
    expect(result).toMatchObject({ engine: 'pytorch', net: 'stage4', threads: 2, label: 'PyTorch 1.13.0', trainImagesPerSecond: 1000 });
  });

  it('turns a reported error, a traceback or empty times into a PytorchOutputError', () => {
    expect(() => parsePytorchOutput(task, '{"ok": false, "error": "RuntimeError: boom"}')).toThrow(/failed: RuntimeError: boom/);
    expect(() => parsePytorchOutput(task, 'Traceback (most recent call last):\n  ImportError')).toThrow(PytorchOutputError);
    expect(() => parsePytorchOutput(task, '{"ok": true, "trainBatchMs": []}')).toThrow(/no positive batch times/);
  });
});

describe('detectPytorch', () => {
  it('says "not installed" and how to install it when no interpreter imports torch', async () => {
    const status = await detectPytorch(['/nonexistent/python3', process.execPath]); // node cannot run `-c 'import torch'` either
    expect(status.installed).toBe(false);
    expect(status.installed === false && status.reason).toMatch(/PyTorch not installed \(tried \/nonexistent\/python3, .*\): install it with `apt-get install python3-torch`/);
  });
});
