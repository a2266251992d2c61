#!/usr/bin/env node
// icpdesk command-line entry: runs the TypeScript sources with no build step (see load-sources.js).
import { importSource } from './load-sources.js';

// a reader that stops early (icpdesk kb search … | head -1) is not an error
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') process.stderr.write(`icpdesk: cannot write the output (${e.code ?? e.message})\n`);
  process.exit(e.code === 'EPIPE' ? 0 : 1);
});
if (process.env.ICPDESK_DEBUG === '1') process.setSourceMapsEnabled(true);
const { run } = await importSource('main');
process.exitCode = await run(process.argv.slice(2));
