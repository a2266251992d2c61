// Worker thread of `icpdesk assess --batch --jobs N`: runs the TypeScript sources through tsx, like the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/commands/batch-worker.ts');
