import { describe, expect, it } from 'vitest';
import { openapiText, readOpenapiFile } from './openapi-file.ts';

describe('docs/openapi.json', () => {
  it('is what the routes describe (else run `npm run openapi` and commit the file)', async () => {
    const built = await openapiText();
    const committed = readOpenapiFile();
    expect(committed !== undefined, 'docs/openapi.json is missing: run `npm run openapi`').toBe(true);
    // compared as text, reported briefly: the first differing line, not a 400 KB diff
    const a = committed!.split('\n');
    const b = built.split('\n');
    const at = b.findIndex((line, i) => line !== a[i]);
    expect(
      at === -1 && a.length === b.length,
      `docs/openapi.json is stale at line ${at + 1} (${JSON.stringify(a[at])} ≠ ${JSON.stringify(b[at])}): run \`npm run openapi\` and commit the file`,
    ).toBe(true);
  });
});
