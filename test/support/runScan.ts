import { ScanJobs } from '../../src/main/services/scan/scanJobs';
import { LocalTransport } from '../../src/main/transport/localTransport';
import type { ExecLimits } from '../../src/main/transport/transport';

/** Runs one scan through the real probe and local transport; returns the jobs and the job id. */
export async function runLocalScan(root: string, limits?: ExecLimits): Promise<{ scans: ScanJobs; jobId: string }> {
  const transport = new LocalTransport();
  const scans = new ScanJobs({ transportFor: () => transport, onProgress: () => {}, limits });
  const jobId = scans.start('local', root);
  await scans.wait(jobId);
  return { scans, jobId };
}
