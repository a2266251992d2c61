/** Application packages for tests: a folder zipped in memory, and a one-file multipart body to send it in. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Zippable, zipSync } from 'fflate';

/** the valid example package of the repository (made-up data) */
export const examplePackage = fileURLToPath(
  new URL('../../../examples/packages/b25-hangzhou', import.meta.url),
);

export function zipOf(dir: string): Buffer {
  const files: Zippable = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, `${rel}${n}/`);
      else files[`${rel}${n}`] = new Uint8Array(readFileSync(p));
    }
  };
  walk(dir, '');
  return Buffer.from(zipSync(files));
}

export function multipart(name: string, filename: string, data: Buffer) {
  const boundary = '----icpdesk-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/zip\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body };
}
