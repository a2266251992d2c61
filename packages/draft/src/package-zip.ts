/**
 * An application package as a zip (docs/PACKAGE.md): application.yaml at the top, the drafted materials
 * under drafts/, the uploaded documents under docs/. The manifest is the subject's manifest part with a
 * `documents` entry per file; it is validated (engine parseManifest) before anything is zipped, so a package
 * that `icpdesk precheck` could not read is never written: PACKAGE_INCOMPLETE names the missing fields.
 */
import { type DraftSubject, type Manifest, parseManifest } from '@icpdesk/engine';
import { zipSync } from 'fflate';
import { stringify } from 'yaml';
import type { DraftedFile } from './draft-package.ts';
import { DraftError } from './errors.ts';

/** a file of the package: its path, its bytes and what the manifest says of it (kind, holder, dates …) */
export type PackageFileEntry = Omit<Manifest['documents'][number], 'file'> & {
  path: string;
  data: Uint8Array;
};

/** the keys of a subject that are no part of a manifest */
const NOT_MANIFEST = new Set(['contacts', 'authority', 'facts', 'documents']);

/** the manifest of a package of these files */
export function packageManifest(
  subject: DraftSubject,
  drafts: readonly DraftedFile[],
  uploads: readonly PackageFileEntry[],
): Manifest {
  const base = Object.fromEntries(Object.entries(subject).filter(([k]) => !NOT_MANIFEST.has(k)));
  const holder = typeof subject.applicant?.name === 'string' ? subject.applicant.name : undefined;
  const documents = [
    ...drafts.flatMap((d) =>
      d.document.documentKind
        ? [{ kind: d.document.documentKind, file: d.packagePath, ...(holder ? { holder } : {}) }]
        : [],
    ),
    ...uploads.map(({ path, data: _, ...listed }) => ({ ...listed, file: path })),
  ];
  const parsed = parseManifest({ ...base, documents });
  if (!parsed.ok)
    throw new DraftError(
      'PACKAGE_INCOMPLETE',
      {
        zh: `申请材料包的 application.yaml 缺少或有误：${parsed.issues.map((i) => i.path).join('、')}`,
        en: `the package's application.yaml lacks or has invalid: ${parsed.issues.map((i) => i.path).join(', ')}`,
      },
      parsed.issues.map((i) => `${i.path}: ${i.message.en}`),
    );
  return parsed.manifest;
}

/** the zip of a package: application.yaml, drafts/, docs/ */
export function packageZip(
  subject: DraftSubject,
  drafts: readonly DraftedFile[],
  uploads: readonly PackageFileEntry[],
): Uint8Array {
  const manifest = packageManifest(subject, drafts, uploads);
  const entries: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    'application.yaml': new TextEncoder().encode(stringify(manifest)),
  };
  // DOCX, PDF, JPEG and PNG are compressed already: stored as they are
  for (const d of drafts) entries[d.packagePath] = [d.docx, { level: 0 }];
  for (const u of uploads) entries[u.path] = [u.data, { level: 0 }];
  return zipSync(entries);
}
