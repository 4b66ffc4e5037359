/**
 * The nets the peer section trains in nophd and in PyTorch, with the batch size each is trained at.
 * Stages come from @nophd/models; the Deep-MNIST-for-Experts net is a well-known reference conv net
 * that is not one of nophd's stages (see measure/experts-net.ts and peer/pytorch_peer.py).
 */
export const PEER_NETS = [
  { id: 'stage2', label: 'stage 2', stage: 2, batchSize: 128 },
  { id: 'stage4', label: 'stage 4', stage: 4, batchSize: 128 },
  { id: 'stage5', label: 'stage 5', stage: 5, batchSize: 64 },
  { id: 'experts', label: 'Deep-MNIST-for-Experts net', stage: undefined, batchSize: 50 },
] as const;

export type PeerNet = (typeof PEER_NETS)[number];
export type PeerNetId = PeerNet['id'];

/** Thread counts both engines are measured at: nophd's wasm threads, PyTorch's `set_num_threads`. */
export const PEER_THREADS = [1, 2] as const;

export function peerNet(id: PeerNetId): PeerNet {
  return PEER_NETS.find((net) => net.id === id)!;
}
