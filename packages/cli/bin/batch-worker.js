// Worker thread of `icpdesk assess --batch --jobs N`: loads the sources as the command does.
import { importSource } from './load-sources.js';

await importSource('batch-worker');
