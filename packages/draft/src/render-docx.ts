/**
 * A drafted document (engine DraftDocument) as a DOCX file, with the maintained `docx` library: the title,
 * numbered section headings (Heading 1, sub-headings Heading 2), paragraphs, numbered and bulleted lists,
 * tables, the shareholding chart (an SVG image with a PNG fallback, and a table of every holder under it) and
 * the signature and seal block. Gaps read 【待补充：…】 on a yellow highlight. No I/O: bytes out.
 */
import type { DraftBlock, DraftDocument, DraftRun, DraftSignatureLine } from '@icpdesk/engine';
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { shareholdingChart } from './chart/index.ts';
import { FONT, INDENT_FIRST_LINE, LINE_SPACING, SIZE } from './fonts.ts';

const GAP_PREFIX = '【待补充：';

/** runs of the model as docx runs; gaps highlighted */
function textRuns(runs: readonly DraftRun[], o: { bold?: boolean; size?: number } = {}): TextRun[] {
  return runs.map((r) =>
    'missing' in r
      ? new TextRun({ text: `${GAP_PREFIX}${r.label.zh}】`, highlight: 'yellow', bold: o.bold, size: o.size })
      : new TextRun({ text: r.text, bold: o.bold, size: o.size }),
  );
}

const body = (children: TextRun[], indent = true) =>
  new Paragraph({
    children,
    indent: indent ? { firstLine: INDENT_FIRST_LINE } : undefined,
    spacing: { line: LINE_SPACING },
    alignment: AlignmentType.JUSTIFIED,
  });

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

function table(headings: readonly DraftRun[][], rows: readonly DraftRun[][][]): Table {
  const cell = (runs: readonly DraftRun[], bold: boolean) =>
    new TableCell({
      borders: BORDERS,
      children: [new Paragraph({ children: textRuns(runs, { bold, size: SIZE.table }) })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      ...(headings.length
        ? [new TableRow({ tableHeader: true, children: headings.map((h) => cell(h, true)) })]
        : []),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c, false)) })),
    ],
  });
}

const caption = (runs: readonly DraftRun[] | null) =>
  runs ? [new Paragraph({ alignment: AlignmentType.CENTER, children: textRuns(runs, { bold: true }) })] : [];

/** the blank a hand fills in: a signature line, or the date's 年 月 日 */
function signatureValue(l: DraftSignatureLine): TextRun[] {
  if (l.value) return textRuns(l.value);
  if (l.kind === 'date') return [new TextRun('        年    月    日')];
  return [new TextRun('                    ')];
}

function signature(lines: readonly DraftSignatureLine[]): Paragraph[] {
  return [
    new Paragraph({ children: [] }),
    ...lines.map(
      (l) =>
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          spacing: { line: LINE_SPACING, before: 120 },
          children: [...textRuns(l.label), new TextRun('：'), ...signatureValue(l)],
        }),
    ),
  ];
}

type Child = Paragraph | Table;

function blockChildren(b: DraftBlock, listNo: () => number): Child[] {
  switch (b.type) {
    case 'paragraph':
      return [body(textRuns(b.runs))];
    case 'heading':
      return [
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          children: [new TextRun(b.number), ...textRuns(b.runs)],
        }),
      ];
    case 'list': {
      const instance = listNo();
      return b.items.map(
        (item) =>
          new Paragraph({
            children: textRuns(item),
            numbering: { reference: b.ordered ? 'ordered' : 'bullet', level: 0, instance },
            spacing: { line: LINE_SPACING },
          }),
      );
    }
    case 'table':
      return [...caption(b.caption), table(b.headings, b.rows), new Paragraph({ children: [] })];
    case 'chart':
      return chartChildren(b);
    case 'signature':
      return signature(b.lines);
  }
}

/** the chart: the image, its caption, and every holder in a table (names and shares in words) */
function chartChildren(b: Extract<DraftBlock, { type: 'chart' }>): Child[] {
  if (!b.holders) return [...caption(b.caption), body(textRuns(b.missing ?? []), false)];
  const rootName = b.root.map((r) => ('text' in r ? r.text : `${GAP_PREFIX}${r.label.zh}】`)).join('');
  const chart = shareholdingChart(rootName, b.holders);
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new ImageRun({
          type: 'svg',
          data: chart.svg,
          fallback: { type: 'png', data: chart.png },
          transformation: { width: chart.width, height: chart.height },
          altText: { name: 'shareholding', title: '股权结构图', description: chart.description },
        }),
      ],
    }),
    ...caption(b.caption),
    table(
      ['股东名称', '类型', '国籍/注册地', '持股比例', '层级'].map((text) => [{ text }]),
      chart.rows.map((r) => r.map((text) => [{ text }])),
    ),
    new Paragraph({ children: [] }),
  ];
}

/** the DOCX file of a drafted document */
export async function renderDocx(doc: DraftDocument): Promise<Buffer> {
  let lists = 0;
  const listNo = () => ++lists;
  const children: Child[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun(doc.title)],
    }),
  ];
  for (const s of doc.sections) {
    if (s.heading)
      children.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_1,
          children: [new TextRun(`${s.number ? `${s.number}、` : ''}${s.heading}`)],
        }),
      );
    for (const b of s.blocks) children.push(...blockChildren(b, listNo));
  }
  const document = new Document({
    creator: 'icpdesk',
    title: doc.title,
    description: `icpdesk draft of ${doc.material} (template ${doc.templateId})`,
    styles: {
      default: {
        document: { run: { font: FONT.body, size: SIZE.body } },
        title: { run: { font: FONT.title, size: SIZE.title, bold: true, color: '000000' } },
        heading1: {
          run: { font: FONT.heading, size: SIZE.heading, bold: false, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
        heading2: {
          run: { font: FONT.heading, size: SIZE.subheading, bold: false, color: '000000' },
          paragraph: { spacing: { before: 120, after: 60 }, indent: { firstLine: INDENT_FIRST_LINE } },
        },
      },
    },
    numbering: {
      config: [
        {
          reference: 'ordered',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
        {
          reference: 'bullet',
          levels: [{ level: 0, format: LevelFormat.BULLET, text: '•', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
