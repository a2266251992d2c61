/**
 * Draft → package → precheck: the example applicant's B25 materials drafted, zipped with the example
 * package's other documents and an application.yaml, and read back by the package check, which reports
 * nothing but the drafts' missing signatures and seals. Prints how long drafting the package took.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKb } from '@icpdesk/kb';
import { checkPackage } from '@icpdesk/pack';
import { describe, expect, it } from 'vitest';
import { DraftError, draftPackage, type PackageFileEntry, packageZip } from '../src/index.ts';
import { EXAMPLE_DIR, exampleManifest, exampleSubject } from './fixtures.ts';

const kb = loadKb();
const AS_OF = '2026-11-29';

describe('draft → package → precheck', () => {
  it('reads back with no finding but the unsigned drafts', async () => {
    const subject = exampleSubject();
    const started = performance.now();
    const drafted = await draftPackage(kb, {
      subject,
      licence: 'B25',
      scope: 'internet',
      procedure: 'new',
      asOf: AS_OF,
    });
    const ms = performance.now() - started;
    console.log(`drafted ${drafted.files.length} B25 documents in ${ms.toFixed(0)} ms`);
    expect(drafted.files.length).toBeGreaterThan(0);
    const draftedKinds = new Set(drafted.files.map((f) => f.document.documentKind));
    const uploads: PackageFileEntry[] = exampleManifest()
      .documents.filter((d) => !draftedKinds.has(d.kind))
      .map(({ file, ...listed }) => ({
        ...listed,
        path: file,
        data: readFileSync(new URL(file, EXAMPLE_DIR)),
      }));
    const zip = packageZip(subject, drafted.files, uploads);
    const path = join(mkdtempSync(join(tmpdir(), 'icpdesk-package-')), 'package.zip');
    writeFileSync(path, zip);

    const checked = await checkPackage(kb, path, AS_OF);
    if (!checked.ok) throw new Error(`the package does not read: ${JSON.stringify(checked)}`);
    const findings = checked.result.findings;
    expect(findings.filter((f) => f.id !== 'document-unsigned')).toEqual([]);
    expect(findings.map((f) => f.path).sort()).toEqual(
      drafted.files.map((_, i) => `documents[${i}].file`).sort(),
    );
    expect(findings.every((f) => f.severity === 'error' && f.fix.zh.includes('签字'))).toBe(true);
  });

  it('refuses to zip a package whose manifest would lack required fields, naming them', async () => {
    const subject = exampleSubject();
    const { uscc: _, ...applicant } = subject.applicant!;
    const drafted = await draftPackage(kb, {
      subject: { ...subject, applicant },
      licence: 'B25',
      procedure: 'new',
      asOf: AS_OF,
      materials: ['legal-rep-undertaking'],
    });
    expect(drafted.missing.map((m) => m.id)).toContain('company.uscc');
    expect(() => packageZip({ ...subject, applicant }, drafted.files, [])).toThrow(DraftError);
    try {
      packageZip({ ...subject, applicant }, drafted.files, []);
    } catch (e) {
      expect((e as DraftError).code).toBe('PACKAGE_INCOMPLETE');
      expect((e as DraftError).details.join('\n')).toContain('applicant.uscc');
    }
  });

  it('names an asked-for material that has no template', async () => {
    await expect(
      draftPackage(kb, {
        subject: exampleSubject(),
        licence: 'B25',
        procedure: 'new',
        asOf: AS_OF,
        materials: ['no-such-material'],
      }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_MATERIAL', details: ['no-such-material'] });
  });
});
