import type { Kb, ParameterAt } from '@icpdesk/kb';
import type { Manifest } from '../manifest.ts';
import { fileTypeOf, type PackageFile, sameName } from './package-file.ts';
import { expiry, type PrecheckRun, t } from './run.ts';

/** each document: its file, type, size, names and codes, expiry; files not listed */
export function documentFindings(c: PrecheckRun): void {
  const { kb, m, files } = c;
  const maxBytes = c.param('document-max-bytes');
  const materialByKind = new Map(kb.materials.map((x) => [x.documentKind, x]));
  const referenced = new Set<string>();
  m.documents.forEach((d, i) => {
    const at = `documents[${i}]`;
    referenced.add(d.file);
    const f = files.get(d.file);
    const mat = materialByKind.get(d.kind);
    if (!mat && d.kind !== 'pre-approval')
      c.add({
        id: 'unknown-document-kind',
        severity: 'warning',
        path: `${at}.kind`,
        message: t(`材料类型 "${d.kind}" 不在清单中`, `document kind "${d.kind}" is not on any checklist`),
        fix: t(
          '使用 icpdesk checklist 列出的 documentKind',
          'use a documentKind listed by icpdesk checklist',
        ),
      });
    fileFindings(c, at, d.file, f, mat, maxBytes);
    consistencyFindings(c, at, d, mat);
    if (d.expires) expiry(c, `${at}.expires`, d.expires, t(`材料 ${d.file}`, `document ${d.file}`));
  });
  for (const path of files.keys()) {
    if (referenced.has(path) || /(^|\/)application\.ya?ml$/.test(path)) continue;
    c.add({
      id: 'file-unlisted',
      severity: 'info',
      path: 'documents',
      message: t(`文件 ${path} 未在 documents 中列出`, `file ${path} is not listed in documents`),
      fix: t(
        '在 documents 中登记它，或从材料包中删除',
        'list it in documents, or remove it from the package',
      ),
    });
  }
}

/** checklist items no document fulfils */
export function completenessFindings(c: PrecheckRun): void {
  const { m, list } = c;
  const kinds = new Set(m.documents.map((d) => d.kind));
  for (const item of list.items) {
    if (kinds.has(item.documentKind)) continue;
    if (item.format.length === 1 && item.format[0] === 'online-form') continue; // filled in the online system
    const statutory = item.basis === 'statutory';
    c.add({
      id: item.applies === 'unknown' ? 'document-maybe-missing' : 'document-missing',
      severity: item.applies === 'unknown' || item.deferrable ? 'info' : statutory ? 'error' : 'warning',
      path: 'documents',
      message: t(
        `缺少${statutory ? '法定' : '实务常见'}材料：${item.name.zh}${item.deferrable ? '（可容缺受理，领证时补交）' : ''}${item.applies === 'unknown' ? `（是否需要取决于：${item.missing.join('、')}）` : ''}`,
        `missing ${statutory ? 'statutory' : 'commonly required'} item: ${item.name.en}${item.deferrable ? ' (may be deferred until the licence is collected)' : ''}${item.applies === 'unknown' ? ` (needed depending on: ${item.missing.join(', ')})` : ''}`,
      ),
      fix: item.alternative
        ? t(
            `添加 kind 为 ${item.documentKind} 的材料；或：${item.alternative.zh}`,
            `add a document of kind ${item.documentKind}; or: ${item.alternative.en}`,
          )
        : t(`添加 kind 为 ${item.documentKind} 的材料`, `add a document of kind ${item.documentKind}`),
      rule: item.id,
      sources: item.sources,
    });
  }
}

type Material = Kb['materials'][number];
type Document = Manifest['documents'][number];

/** the file itself: present, not empty, of a type the item accepts, within the size limit */
function fileFindings(
  c: PrecheckRun,
  at: string,
  file: string,
  f: PackageFile | undefined,
  mat: Material | undefined,
  maxBytes: ParameterAt | undefined,
): void {
  if (!f) {
    c.add({
      id: 'file-missing',
      severity: 'error',
      path: `${at}.file`,
      message: t(`文件 ${file} 不在材料包中`, `file ${file} is not in the package`),
      fix: t(
        '把文件放入材料包，或更正路径（相对于 application.yaml）',
        'add the file, or correct the path (relative to application.yaml)',
      ),
    });
  } else {
    if (f.size === 0)
      c.add({
        id: 'file-empty',
        severity: 'error',
        path: `${at}.file`,
        message: t(`文件 ${file} 是空文件`, `file ${file} is empty`),
        fix: t('重新扫描或导出该材料', 'scan or export the document again'),
      });
    else {
      const type = fileTypeOf(f.head);
      const allowed = mat?.fileTypes ?? ['pdf', 'jpeg', 'png'];
      if (!(allowed as string[]).includes(type))
        c.add({
          id: 'file-type',
          severity: 'error',
          path: `${at}.file`,
          message: t(
            `文件 ${file} 的实际格式是 ${type === 'other' ? '无法识别' : type}，该材料接受 ${allowed.join('、')}`,
            `file ${file} is ${type === 'other' ? 'of an unrecognised type' : type} by its content; this item accepts ${allowed.join(', ')}`,
          ),
          fix: t(
            `转换为 ${allowed.join('、')}（以文件内容为准，不是扩展名）`,
            `convert it to ${allowed.join(', ')} (the content counts, not the extension)`,
          ),
          ...(mat ? { rule: mat.id, sources: mat.sources } : {}),
        });
    }
    if (maxBytes && typeof maxBytes.value === 'number' && f.size > maxBytes.value)
      c.add({
        id: 'file-too-large',
        severity: 'error',
        path: `${at}.file`,
        message: t(
          `文件 ${file} 有 ${f.size} 字节，超过 ${maxBytes.value} 字节`,
          `file ${file} has ${f.size} bytes, over the ${maxBytes.value}-byte limit`,
        ),
        fix: t('压缩或降低扫描分辨率', 'compress it or scan at a lower resolution'),
        rule: maxBytes.id,
        sources: maxBytes.sources,
      });
  }
}

/** the names and codes on the document against the applicant's */
function consistencyFindings(c: PrecheckRun, at: string, d: Document, mat: Material | undefined): void {
  const { m } = c;
  if (d.holder && !sameName(d.holder, m.applicant.name) && mat?.providedBy !== 'sector-regulator')
    c.add({
      id: 'name-mismatch',
      severity: 'error',
      path: `${at}.holder`,
      message: t(
        `材料上的名称"${d.holder}"与申请单位"${m.applicant.name}"不一致`,
        `the name on the document, "${d.holder}", differs from the applicant, "${m.applicant.name}"`,
      ),
      fix: t(
        '使用与营业执照完全一致的公司名称，或更换材料',
        'use the company name exactly as on the business licence, or replace the document',
      ),
    });
  if (d.uscc && d.uscc.trim().toUpperCase() !== m.applicant.uscc.trim().toUpperCase())
    c.add({
      id: 'uscc-mismatch',
      severity: 'error',
      path: `${at}.uscc`,
      message: t(
        `材料上的信用代码 ${d.uscc} 与申请单位 ${m.applicant.uscc} 不一致`,
        `the credit code ${d.uscc} differs from the applicant's ${m.applicant.uscc}`,
      ),
      fix: t(
        '核对营业执照，统一所有材料上的信用代码',
        'check the business licence and make the code the same everywhere',
      ),
    });
  if (d.legalRepresentative && !sameName(d.legalRepresentative, m.applicant.legalRepresentative.name))
    c.add({
      id: 'legal-rep-mismatch',
      severity: 'error',
      path: `${at}.legalRepresentative`,
      message: t(
        `材料上的法定代表人"${d.legalRepresentative}"与申请单位登记的"${m.applicant.legalRepresentative.name}"不一致`,
        `the legal representative on the document, "${d.legalRepresentative}", differs from "${m.applicant.legalRepresentative.name}"`,
      ),
      fix: t(
        '法定代表人变更后须先办理登记变更并更新材料',
        'after a change of legal representative, register it and update the documents',
      ),
    });
}
