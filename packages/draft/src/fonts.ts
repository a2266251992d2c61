/**
 * The look of a drafted document, after the common form of Chinese official documents: the title in 宋体
 * (小标宋 where installed) bold 二号, section headings in 黑体 三号, body text in 仿宋 四号 with a two-character
 * first-line indent and 1.5 line spacing. Latin letters and digits in Times New Roman.
 */
export const FONT = {
  title: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' },
  heading: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' },
  body: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋' },
} as const;

/** sizes in half-points (docx): 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt */
export const SIZE = { title: 44, heading: 32, subheading: 28, body: 28, table: 24 } as const;

/** twips: two characters of 四号 (14pt) as the first-line indent; 1.5 lines */
export const INDENT_FIRST_LINE = 560;
export const LINE_SPACING = 360;
