/**
 * A package on disk → precheck findings: read it safely (pack), parse its manifest, keep the files below the
 * manifest's folder, run the engine's checks. Shared by the CLI and the HTTP API.
 */
import {
  type EngineIssue,
  type PackageFile,
  type PrecheckResult,
  parseManifest,
  precheck,
} from '@icpdesk/engine';
import type { Kb } from '@icpdesk/kb';
import { PackError } from './errors.ts';
import { type ManifestFile, readManifest } from './manifest-file.ts';
import { readPackage } from './read-package.ts';

export type PackageCheck =
  | { ok: true; result: PrecheckResult; manifest: ManifestFile }
  | { ok: false; error: PackError }
  | { ok: false; manifest: ManifestFile; issues: EngineIssue[] };

export async function checkPackage(kb: Kb, path: string, asOf: string): Promise<PackageCheck> {
  let manifest: ManifestFile;
  let files: Map<string, PackageFile>;
  try {
    const pkg = await readPackage(path);
    manifest = readManifest(pkg);
    const prefix = manifest.file.slice(0, manifest.file.lastIndexOf('/') + 1);
    files = new Map();
    for (const [p, f] of pkg.files) if (p.startsWith(prefix)) files.set(p.slice(prefix.length), f);
  } catch (e) {
    if (e instanceof PackError) return { ok: false, error: e };
    throw e;
  }
  const m = parseManifest(manifest.data);
  if (!m.ok) return { ok: false, manifest, issues: m.issues };
  return { ok: true, manifest, result: precheck(kb, { manifest: m.manifest, files, asOf }) };
}
