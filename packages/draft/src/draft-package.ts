/**
 * Drafting an application's materials: the templates that apply (engine chooseTemplates), each filled with
 * the subject's facts (engine resolveFacts, draftDocument) and rendered as DOCX. No I/O: the caller writes
 * the files, stores them or zips them (package-zip.ts).
 */
import {
  chooseTemplates,
  type DraftDocument,
  type DraftSubject,
  draftDocument,
  type FactValues,
  type MissingFact,
  resolveFacts,
} from '@icpdesk/engine';
import type { Kb, LicenceCode, Procedure } from '@icpdesk/kb';
import { DraftError } from './errors.ts';
import { renderDocx } from './render-docx.ts';

export interface DraftRequest {
  subject: DraftSubject;
  licence: LicenceCode;
  scope?: 'internet' | 'non-internet';
  procedure: Procedure;
  /** the day the templates are chosen as of */
  asOf: string;
  /** template or material ids; every template that applies when absent */
  materials?: readonly string[];
}

export interface DraftedFile {
  document: DraftDocument;
  /** the file's name: the document's title, .docx */
  fileName: string;
  /** its path in a package: drafts/<template id>.docx */
  packagePath: string;
  docx: Buffer;
}

export interface DraftedPackage {
  files: DraftedFile[];
  /** every fact missing from some document, once, with the templates that need it */
  missing: (MissingFact & { templates: string[] })[];
  values: FactValues;
}

/** a file name from a title: characters Windows refuses replaced */
export const fileNameOf = (title: string) => `${title.replace(/[\\/:*?"<>|\s]+/g, '_')}.docx`;

function mergeMissing(docs: readonly DraftDocument[]): DraftedPackage['missing'] {
  const byId = new Map<string, MissingFact & { templates: string[] }>();
  for (const d of docs)
    for (const m of d.missing) {
      const seen = byId.get(m.id);
      if (seen) {
        seen.count += m.count;
        seen.templates.push(d.templateId);
      } else byId.set(m.id, { ...m, templates: [d.templateId] });
    }
  return [...byId.values()];
}

export async function draftPackage(kb: Kb, r: DraftRequest): Promise<DraftedPackage> {
  const chosen = chooseTemplates(kb, {
    licence: r.licence,
    ...(r.scope ? { scope: r.scope } : {}),
    procedure: r.procedure,
    asOf: r.asOf,
    ...(r.materials ? { only: r.materials } : {}),
  });
  if (chosen.unknown.length)
    throw new DraftError(
      'UNKNOWN_MATERIAL',
      {
        zh: `没有 ${r.licence} ${r.procedure} 申请可用的文书模板：${chosen.unknown.join('、')}（应为模板或材料的 id）`,
        en: `no document template of a ${r.licence} ${r.procedure} application is named ${chosen.unknown.join(', ')} (template or material ids)`,
      },
      chosen.unknown,
    );
  if (!chosen.templates.length)
    throw new DraftError('NO_TEMPLATES', {
      zh: `知识库中没有 ${r.licence} ${r.procedure} 申请的文书模板`,
      en: `the knowledge base has no document templates for a ${r.licence} ${r.procedure} application`,
    });
  const values = resolveFacts(kb, r.subject);
  const files: DraftedFile[] = [];
  for (const t of chosen.templates) {
    const document = draftDocument(kb, t, values);
    files.push({
      document,
      fileName: fileNameOf(document.title),
      packagePath: `drafts/${t.id}.docx`,
      docx: await renderDocx(document),
    });
  }
  return { files, missing: mergeMissing(files.map((f) => f.document)), values };
}
