// Disk held by deleted-but-open files on a node: runs the held probe and accounts the result.
// (Being written for issue 3; until then it says so instead of pretending.)
import type { HeldReport } from '../../shared/heldModels';
import { RpcError } from '../../shared/rpcResult';
import type { Transport } from '../transport/transport';

export interface HeldScannerOptions {
  transportFor(node: string): Transport;
  /** Allocated bytes in scanned roots per device (st_dev), for the df/du reconciliation. */
  visibleBytesByDevice(node: string): Map<number, number>;
}

export class HeldScanner {
  constructor(private readonly opts: HeldScannerOptions) {}

  async scan(node: string): Promise<HeldReport> {
    void this.opts;
    throw new RpcError('internal', `held-file scanning is not available yet on ${node}`);
  }
}
