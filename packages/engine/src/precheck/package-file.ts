/** What precheck() is told about a file of the package, and how it reads it. */

export interface PackageFile {
  size: number;
  /** first bytes of the file */
  head: Uint8Array;
  /** SHA-256 of the content in hex, when it was read; byte-identical files are found by it */
  sha256?: string;
}

export function fileTypeOf(head: Uint8Array): 'pdf' | 'jpeg' | 'png' | 'other' {
  if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46 && head[4] === 0x2d)
    return 'pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (
    head[0] === 0x89 &&
    head[1] === 0x50 &&
    head[2] === 0x4e &&
    head[3] === 0x47 &&
    head[4] === 0x0d &&
    head[5] === 0x0a &&
    head[6] === 0x1a &&
    head[7] === 0x0a
  )
    return 'png';
  return 'other';
}

const OFFICE_PARTS = ['[Content_Types].xml', '_rels/', 'docProps/', 'word/'];

/**
 * A Word (or other Office Open XML) document: a zip whose first entry is one of the parts such a file holds.
 * Needs the first 30 bytes of the zip's local header and the entry name after them (64 bytes suffice).
 */
export function isOfficeDocument(head: Uint8Array): boolean {
  if (head.length < 31 || head[0] !== 0x50 || head[1] !== 0x4b || head[2] !== 0x03 || head[3] !== 0x04)
    return false;
  const nameLength = head[26]! | (head[27]! << 8);
  const name = new TextDecoder('latin1').decode(head.subarray(30, 30 + nameLength));
  return OFFICE_PARTS.some((p) => name.startsWith(p) || p.startsWith(name));
}

/** Names compared as an authority would read them: full-width forms folded, spaces ignored. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}
