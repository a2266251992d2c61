/**
 * Every workspace package declares what it imports: a package that its sources import is in its
 * dependencies, one that only its tests import is in its dependencies or devDependencies. A package that
 * works only because another one hoisted it into node_modules would break when installed on its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.ts';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const packagesDir = join(root, 'packages');
const builtins = new Set(builtinModules);

function files(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|js|mjs)$/.test(name) ? [full] : [];
  });
}

/** The package a bare specifier names: zod, @fastify/cookie; undefined for relative paths and builtins. */
function packageOf(specifier: string): string | undefined {
  if (/^[./]/.test(specifier) || specifier.startsWith('node:') || /^[a-z]+:/.test(specifier))
    return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtins.has(name) ? undefined : name;
}

/** Bare specifiers of static imports, re-exports, import('…') and require('…') in a source file. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const isTest = (file: string) => /(^|\/)test\//.test(file) || /\.test\.ts$/.test(file);

function undeclared(dir: string): string[] {
  const m = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  const deps = new Set(Object.keys(m.dependencies ?? {}));
  const dev = new Set(Object.keys(m.devDependencies ?? {}));
  const missing = new Map<string, string>();
  for (const file of ['src', 'test', 'bin'].flatMap((d) => files(join(dir, d)))) {
    const rel = relative(dir, file);
    for (const spec of importsOf(file)) {
      const name = packageOf(spec);
      if (!name || name === m.name || deps.has(name) || (isTest(rel) && dev.has(name))) continue;
      const where = isTest(rel) ? 'devDependencies' : 'dependencies';
      if (missing.get(name) !== 'dependencies') missing.set(name, where);
    }
  }
  return [...missing].map(([name, where]) => `${m.name} imports ${name}: add it to its ${where}`);
}

describe('workspace packages', () => {
  const dirs = readdirSync(packagesDir).map((p) => join(packagesDir, p));

  it('finds imports of every kind', () => {
    expect(packageOf('@fastify/cookie/plugin')).toBe('@fastify/cookie');
    expect(packageOf('zod/v4')).toBe('zod');
    expect(packageOf('node:fs')).toBeUndefined();
    expect(packageOf('fs')).toBeUndefined();
    expect(packageOf('../x.ts')).toBeUndefined();
    const here = importsOf(new URL(import.meta.url).pathname);
    expect(here).toEqual(expect.arrayContaining(['typescript', 'vitest', 'node:fs']));
  });

  it.each(dirs.map((d) => [relative(root, d), d]))('%s declares every package it imports', (_, dir) => {
    expect(undeclared(dir)).toEqual([]);
  });
});
