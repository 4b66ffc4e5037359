import { check, formatNumber, table } from '../markdown.js';
import type { BenchResults } from '../results.js';
import { TARGETS } from '../targets.js';
import type { PeerResult } from '../tasks.js';
import { PEER_NETS, PEER_THREADS } from './nets.js';

/** One cell pair of the peer table: both engines' images/s at one thread count, and their ratio. */
export interface PeerCell {
  threads: number;
  nophd?: number;
  pytorch?: number;
  /** nophd ÷ PyTorch; undefined unless both were measured. */
  ratio?: number;
}

export interface PeerRow {
  net: string;
  batchSize: number;
  cells: PeerCell[];
}

/**
 * Pairs the two engines' results by net and thread count, in PEER_NETS order, each engine's best run where it ran
 * more than once (see peerTasks); nets never measured are left out.
 */
export function peerRows(results: readonly PeerResult[]): PeerRow[] {
  const find = (engine: PeerResult['engine'], net: string, threads: number) => {
    const runs = results.filter((r) => r.engine === engine && r.net === net && r.threads === threads).map((r) => r.trainImagesPerSecond);
    return runs.length > 0 ? Math.max(...runs) : undefined;
  };
  return PEER_NETS.filter((net) => results.some((r) => r.net === net.id)).map((net) => ({
    net: net.label,
    batchSize: net.batchSize,
    cells: PEER_THREADS.map((threads) => {
      const nophd = find('nophd', net.id, threads);
      const pytorch = find('pytorch', net.id, threads);
      return { threads, nophd, pytorch, ratio: nophd !== undefined && pytorch !== undefined ? nophd / pytorch : undefined };
    }),
  }));
}

/** The "nophd vs PyTorch" section: training images/s of both and their ratio per net and thread count. */
export function renderPeer(r: BenchResults): string {
  const heading = '### nophd and PyTorch training the same nets';
  const rows = peerRows(r.peer ?? []);
  if (rows.length === 0) return r.skipped.peer ? [heading, '', r.skipped.peer].join('\n') : '';
  const threads = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
  const header = [
    'Net (batch)',
    ...PEER_THREADS.flatMap((n) => [`nophd, ${threads(n)}`, `PyTorch, ${threads(n)}`, `nophd / PyTorch, ${threads(n)}`]),
  ];
  const value = (v: number | undefined) => (v === undefined ? '—' : formatNumber(v));
  const body = rows.map((row) => [
    `${row.net} (${row.batchSize})`,
    ...row.cells.flatMap((c) => [
      value(c.nophd),
      c.pytorch === undefined && r.skipped.peer ? 'not installed' : value(c.pytorch),
      c.ratio === undefined ? '—' : check(`${c.ratio.toFixed(2)}×`, c.ratio, (v) => v >= TARGETS.nophdOverPytorch),
    ]),
  ]);
  const engines = [...new Set((r.peer ?? []).map((p) => p.label))].join('; ');
  return [
    heading,
    '',
    `Training images/s (median batch), each net at the same batch size and thread count in both, measured in this ` +
      `run in the order nophd, PyTorch, PyTorch, nophd and each engine's better run kept: nophd on real MNIST batches, PyTorch (\`examples/bench/peer/pytorch_peer.py\`) on random ` +
      `batches of the same shape. Target: nophd ≥ ${TARGETS.nophdOverPytorch}× PyTorch. Engines: ${engines || '—'}.` +
      (r.skipped.peer ? ` ${r.skipped.peer}.` : ''),
    '',
    table(header, body),
  ].join('\n');
}
