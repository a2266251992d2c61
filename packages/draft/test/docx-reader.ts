/**
 * An independent reading of a DOCX for the tests: the zip opened with fflate and word/document.xml read
 * paragraph by paragraph (style, text, highlighted runs), with no part of the docx library involved.
 */
import { strFromU8, unzipSync } from 'fflate';

export interface DocxParagraph {
  style: string | null;
  text: string;
  /** the texts of runs with a yellow highlight */
  highlighted: string[];
}

export interface DocxContents {
  paragraphs: DocxParagraph[];
  /** every paragraph's text, one per line */
  text: string;
  styles: string;
  document: string;
  /** names of the files under word/media/ */
  media: string[];
  files: Record<string, Uint8Array>;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

const texts = (xml: string) =>
  [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!));

export function readDocx(data: Uint8Array): DocxContents {
  const files = unzipSync(data);
  const document = strFromU8(files['word/document.xml']!);
  const paragraphs = [...document.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
    text: texts(p).join(''),
    highlighted: [
      ...p.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*?<w:highlight w:val="yellow"\/>[\s\S]*?<\/w:r>/g),
    ].map(([r]) => texts(r).join('')),
  }));
  return {
    paragraphs,
    text: paragraphs.map((p) => p.text).join('\n'),
    styles: strFromU8(files['word/styles.xml']!),
    document,
    media: Object.keys(files).filter((f) => f.startsWith('word/media/')),
    files,
  };
}
