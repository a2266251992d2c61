/**
 * The text of application.yaml, which must be UTF-8 (a UTF-8 byte-order mark is fine). A manifest saved in
 * another encoding — GBK/GB18030 by Notepad or WPS on Chinese Windows, UTF-16 as "Unicode" — would read as
 * garbled names and give misleading findings, so it is refused with a PackError MANIFEST_ENCODING that names
 * the encoding and says how to save it as UTF-8.
 */
import { PackError } from './errors.ts';

const SAVE_AS_UTF8 =
  'open it in a text editor and save it as UTF-8 (Notepad: File → Save as → Encoding "UTF-8"; VS Code: "Save with Encoding" → UTF-8; WPS/Word: save as plain text, encoding Unicode (UTF-8))';

/** the encoding its byte-order mark announces, if any other than UTF-8 */
function markedEncoding(b: Uint8Array): string | undefined {
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return 'UTF-32LE';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32BE';
  if (b[0] === 0xff && b[1] === 0xfe) return 'UTF-16LE';
  if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16BE';
  if (b[0] === 0x84 && b[1] === 0x31 && b[2] === 0x95 && b[3] === 0x33) return 'GB18030';
  return undefined;
}

/** UTF-16 without a mark: ASCII characters leave a zero byte beside each */
function unmarkedUtf16(b: Uint8Array): string | undefined {
  const n = Math.min(b.length, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (b[i] === 0) i % 2 ? odd++ : even++;
  if (odd > n / 8 && even < odd / 8) return 'UTF-16LE';
  if (even > n / 8 && odd < even / 8) return 'UTF-16BE';
  return undefined;
}

const decodes = (label: string, b: Uint8Array): string | undefined => {
  try {
    return new TextDecoder(label, { fatal: true }).decode(b);
  } catch {
    return undefined;
  }
};

/** the line of the first byte sequence that is not UTF-8 */
function firstBadLine(b: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i < b.length && b[i] !== 0x0a) continue;
    if (decodes('utf-8', b.subarray(start, i)) === undefined) return line;
    line++;
    start = i + 1;
  }
  return line;
}

/** the manifest's text; a PackError MANIFEST_ENCODING when it is not UTF-8 */
export function decodeManifest(name: string, b: Uint8Array): string {
  const marked = markedEncoding(b) ?? unmarkedUtf16(b);
  if (marked)
    throw new PackError(
      'MANIFEST_ENCODING',
      `${name} is saved as ${marked}, not UTF-8; ${SAVE_AS_UTF8}`,
      undefined,
      undefined,
      marked,
    );
  const text = decodes('utf-8', b);
  if (text !== undefined) return text.startsWith('\uFEFF') ? text.slice(1) : text;
  const line = firstBadLine(b);
  const gb = decodes('gb18030', b);
  const encoding =
    gb !== undefined && /\p{Script=Han}/u.test(gb) ? (decodes('gbk', b) ? 'GBK' : 'GB18030') : undefined;
  throw new PackError(
    'MANIFEST_ENCODING',
    encoding
      ? `${name} is saved as ${encoding} (Chinese Windows' default, often "ANSI"), not UTF-8 (first at line ${line}); ${SAVE_AS_UTF8}`
      : `${name} is not UTF-8 text (first at line ${line}); ${SAVE_AS_UTF8}`,
    line,
    undefined,
    encoding,
  );
}
