/** Worker side of a parallel batch: loads the kb once, then assesses the blocks it is sent. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadKb } from '@icpdesk/kb';
import { type BatchOptions, processBlock } from './batch.ts';

const { kbDir, options } = workerData as { kbDir: string; options: Omit<BatchOptions, 'jobs' | 'kbDir'> };
const kb = loadKb(kbDir);

parentPort!.on('message', (m: { seq: number; lines: string[]; first: number }) => {
  try {
    parentPort!.postMessage({ seq: m.seq, result: processBlock(kb, m.lines, m.first, options) });
  } catch (e) {
    parentPort!.postMessage({ seq: m.seq, error: (e as Error).message });
  }
});
