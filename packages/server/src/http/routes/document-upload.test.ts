import { loadKb } from '@icpdesk/kb';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../problems.ts';
import {
  acceptedTypes,
  checkFileName,
  contentDisposition,
  FILE_TYPES,
  fileTypeFor,
} from './document-upload.ts';

const kb = loadKb();
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    if (e instanceof HttpProblem) return e.code;
    throw e;
  }
  return undefined;
};

const PDF = Buffer.from('%PDF-1.4\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe1]);

describe('checkFileName', () => {
  it.each([
    ['营业执照.pdf', '营业执照.pdf'],
    ['  padded.pdf  ', 'padded.pdf'],
    ['Re\u0301sume\u0301.pdf', 'Résumé.pdf'],
    ['.hidden.pdf', '.hidden.pdf'],
    ['a..b.pdf', 'a..b.pdf'],
    [`${'长'.repeat(81)}.pdf`, `${'长'.repeat(81)}.pdf`], // 247 bytes
  ])('keeps %j as %j', (raw, kept) => {
    expect(checkFileName(raw)).toBe(kept);
  });

  it.each([
    '',
    '   ',
    '.',
    '..',
    '../x.pdf',
    'a/b.pdf',
    'a\\b.pdf',
    '/etc/passwd',
    'C:\\x.pdf',
    'nul\u0000.pdf',
    'line\nbreak.pdf',
    'del\u007f.pdf',
    'c1\u0085.pdf',
    'invoice\u202Efdp.exe',
    'x\u2066y.pdf',
    `${'长'.repeat(84)}.pdf`, // 256 bytes
    `${'a'.repeat(252)}.pdf`,
  ])('refuses %j', (raw) => {
    expect(codeOf(() => checkFileName(raw))).toBe('INVALID_FILE_NAME');
  });
});

describe('fileTypeFor', () => {
  it('detects by content and checks the extension', () => {
    const all = acceptedTypes(kb.materials);
    expect(new Set(all)).toEqual(new Set(['pdf', 'jpeg', 'png']));
    expect(fileTypeFor(PDF, 'a.PDF', all)).toBe('pdf');
    expect(fileTypeFor(JPEG, 'a.jpg', all)).toBe('jpeg');
    expect(fileTypeFor(JPEG, 'a.Jpeg', all)).toBe('jpeg');
    expect(fileTypeFor(PNG, 'a.png', all)).toBe('png');
    expect(codeOf(() => fileTypeFor(PDF, 'a.png', all))).toBe('FILE_EXTENSION_MISMATCH');
    expect(codeOf(() => fileTypeFor(PDF, 'pdf', all))).toBe('FILE_EXTENSION_MISMATCH');
    expect(codeOf(() => fileTypeFor(Buffer.from('MZ'), 'a.pdf', all))).toBe('UNSUPPORTED_DOCUMENT_TYPE');
    expect(codeOf(() => fileTypeFor(Buffer.alloc(0), 'a.pdf', all))).toBe('UNSUPPORTED_DOCUMENT_TYPE');
  });

  it("takes a material's own types", () => {
    const form = kb.materials.find((m) => m.id === 'application-form')!;
    expect(form.fileTypes).toEqual(['pdf']);
    expect(codeOf(() => fileTypeFor(PNG, 'a.png', acceptedTypes(kb.materials, form), form))).toBe(
      'UNSUPPORTED_DOCUMENT_TYPE',
    );
    expect(fileTypeFor(PDF, 'a.pdf', acceptedTypes(kb.materials, form), form)).toBe('pdf');
  });

  it('knows every file type the kb may list', () => {
    for (const m of kb.materials) for (const t of m.fileTypes) expect(FILE_TYPES[t], t).toBeDefined();
  });
});

describe('contentDisposition', () => {
  it.each([
    ['a.pdf', `attachment; filename="a.pdf"; filename*=UTF-8''a.pdf`],
    [
      '营业执照.pdf',
      `attachment; filename="____.pdf"; filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.pdf`,
    ],
    ['Résumé.pdf', `attachment; filename="Resume.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf`],
    ['a "b"\\c;d%.pdf', `attachment; filename="a _b__c_d_.pdf"; filename*=UTF-8''a%20%22b%22%5Cc%3Bd%25.pdf`],
  ])('%j', (name, header) => {
    expect(contentDisposition(name)).toBe(header);
  });
});
