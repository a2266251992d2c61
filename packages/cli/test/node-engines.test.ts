/**
 * Every installed package (package-lock.json lists each one's engines) runs on the Node 20 versions the
 * project promises (package.json engines, README "Quick start"), except the few listed below, which README
 * names and explains.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

/**
 * Packages that declare a newer Node but run on Node 20: they use no API newer than Node 20, and every test
 * runs them on Node 20. Each is named with its version and why it is installed; README says the same.
 */
const allowed: Record<string, string> = {
  'cookie@2.0.2': 'required by @fastify/cookie 11 and fastify (light-my-request); declares node >=22',
  'content-disposition@3.1.0':
    'required by @fastify/static (through @fastify/swagger-ui); declares node >=22',
};

interface Lock {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
}

const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lock;
const promised = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
).engines.node;
/** the Node 20 versions the project promises */
const node20 = `${promised} <21.0.0-0`;

function installed(): { id: string; engines: string }[] {
  return Object.entries(lock.packages).flatMap(([path, p]) => {
    const engines = Array.isArray(p.engines) ? undefined : p.engines?.node;
    if (!path.includes('node_modules/') || !engines) return [];
    return [{ id: `${path.slice(path.lastIndexOf('node_modules/') + 13)}@${p.version}`, engines }];
  });
}

describe('Node versions of the dependencies', () => {
  it('the promise is a Node 20 line', () => {
    expect(semver.intersects(node20, '20.x')).toBe(true);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(
      `Node ${semver.minVersion(promised)!.version.replace(/\.0$/, '')}`,
    );
  });

  it('every installed package runs on the promised Node 20, or is allowed and named in README', () => {
    const newer = installed()
      .filter((p) => !semver.subset(node20, p.engines))
      .map((p) => `${p.id} (node ${p.engines})`);
    expect(newer.filter((p) => !(p.split(' ')[0]! in allowed))).toEqual([]);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const id of Object.keys(allowed)) expect(readme, id).toContain(id);
  });

  it('the allow-list holds only packages that are installed and still need it', () => {
    const ids = new Map(installed().map((p) => [p.id, p.engines]));
    for (const id of Object.keys(allowed)) {
      expect(ids.has(id), `${id} is no longer installed: remove it from the list and README`).toBe(true);
      expect(semver.subset(node20, ids.get(id)!), `${id} now runs on Node 20: remove it`).toBe(false);
    }
  });
});
