/**
 * The API's OpenAPI document as a file of the repository (docs/openapi.json), from which clients are
 * generated: `npm run openapi` writes it; a test fails while the committed file differs from what the routes
 * describe. The document is built from an app on a throwaway SQLite database (routes need one to register).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kb, loadKb } from '@icpdesk/kb';
import { openDb } from '@icpdesk/store';
import { buildApp } from './http/app.ts';

export const OPENAPI_FILE = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));

/** the document as the routes describe it, as the file holds it (2-space JSON, a final newline) */
export async function openapiText(kb: Kb = loadKb()): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'icpdesk-openapi-'));
  const db = await openDb({ dataDir: dir });
  try {
    // no migrations here: the cursor secret is given, so nothing is read from the empty database
    const app = await buildApp({ kb, db, version: '0.1.0', secret: 'openapi-document' });
    await app.ready();
    const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
    await app.close();
    return text;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const readOpenapiFile = (): string | undefined => {
  try {
    return readFileSync(OPENAPI_FILE, 'utf8');
  } catch {
    return undefined;
  }
};

// `npm run openapi`
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await openapiText();
  writeFileSync(OPENAPI_FILE, text);
  console.log(`wrote ${OPENAPI_FILE} (${text.length} bytes)`);
}
