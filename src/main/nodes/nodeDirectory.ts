// What the fleet refresher (and any other service) needs from the node registry, and nothing more:
// the nodes, a per-node connect that never blocks the others, their transports and state changes.
import type { NodeInfo } from '../../shared/nodeModels';
import type { Transport } from '../transport/transport';

export interface NodeDirectory {
  /** This machine first, then saved SSH nodes, each with its current state. */
  list(): NodeInfo[];
  /** Connects (or reuses the connection) and settles with the state reached; never rejects for a node's own failure. */
  connect(name: string): Promise<NodeInfo>;
  /** The transport probes run through; for an SSH node it connects on first use. Throws RpcError not_found for an unknown name. */
  transportFor(name: string): Transport;
  /** Called on every state change of any node; returns the unsubscribe function. */
  onState(listener: (n: NodeInfo) => void): () => void;
}
