import type { ParameterAt } from '@icpdesk/kb';
import type { Manifest } from '../manifest.ts';
import { partiesOf } from './document-parties.ts';
import { type MaterialRef, materialLookup } from './material-of.ts';
import { fileTypeOf, isOfficeDocument, type PackageFile, sameName } from './package-file.ts';
import { expiry, type PrecheckRun, t } from './run.ts';

/** each document: its kind, file, names and codes, dates; files not listed; one file used twice */
export function documentFindings(c: PrecheckRun): void {
  const { m, files } = c;
  const maxBytes = c.param('document-max-bytes');
  const materialOf = materialLookup(c);
  const referenced = new Set<string>();
  m.documents.forEach((d, i) => {
    const at = `documents[${i}]`;
    referenced.add(d.file);
    const found = d.kind === 'pre-approval' ? undefined : materialOf(d.kind);
    if (found && !found.found) kindFindings(c, at, d.kind, found.otherProcedures);
    const mat = found?.found ? found.material : undefined;
    fileFindings(c, at, d.file, files.get(d.file), mat, maxBytes);
    consistencyFindings(c, at, d, d.kind === 'pre-approval' ? 'sector-regulator' : mat?.providedBy);
    dateFindings(c, at, d);
  });
  duplicateFindings(c);
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

/** a kind no material of this procedure has: unknown, or another procedure's */
function kindFindings(c: PrecheckRun, at: string, kind: string, otherProcedures: string[]): void {
  const procedure = c.m.licence.procedure;
  if (otherProcedures.length)
    c.add({
      id: 'document-kind-other-procedure',
      severity: 'warning',
      path: `${at}.kind`,
      message: t(
        `材料类型 "${kind}" 属于 ${otherProcedures.join('、')} 程序的材料清单，不是本次 ${procedure} 申请的材料`,
        `document kind "${kind}" belongs to the checklist of ${otherProcedures.join(', ')}, not to this ${procedure} application`,
      ),
      fix: t(
        `使用 icpdesk checklist --procedure ${procedure} 列出的 documentKind，或删除该材料`,
        `use a documentKind listed by icpdesk checklist --procedure ${procedure}, or remove the document`,
      ),
    });
  else
    c.add({
      id: 'unknown-document-kind',
      severity: 'warning',
      path: `${at}.kind`,
      message: t(`材料类型 "${kind}" 不在清单中`, `document kind "${kind}" is not on any checklist`),
      fix: t('使用 icpdesk checklist 列出的 documentKind', 'use a documentKind listed by icpdesk checklist'),
    });
}

/** an issue date after the check's date, an expiry before the issue, an expiry before the decision */
function dateFindings(c: PrecheckRun, at: string, d: Document): void {
  if (d.issued && d.issued > c.asOf)
    c.add({
      id: 'issued-in-future',
      severity: 'error',
      path: `${at}.issued`,
      message: t(
        `材料 ${d.file} 的签发日期 ${d.issued} 晚于检查日期 ${c.asOf}`,
        `document ${d.file} is dated ${d.issued}, after the date of the check, ${c.asOf}`,
      ),
      fix: t(
        '按材料原件核对签发日期（常见为年份或月、日填错）',
        'copy the issue date from the document itself (a wrong year, or month and day swapped, are common)',
      ),
    });
  if (d.issued && d.expires && d.expires < d.issued)
    c.add({
      id: 'expires-before-issued',
      severity: 'error',
      path: `${at}.expires`,
      message: t(
        `材料 ${d.file} 的到期日 ${d.expires} 早于签发日期 ${d.issued}`,
        `document ${d.file} expires on ${d.expires}, before its issue date ${d.issued}`,
      ),
      fix: t('按材料原件核对两个日期', 'copy both dates from the document itself'),
    });
  if (d.expires) expiry(c, `${at}.expires`, d.expires, t(`材料 ${d.file}`, `document ${d.file}`));
}

/** byte-identical files (or one file) listed as two documents: as two materials an error */
function duplicateFindings(c: PrecheckRun): void {
  const { m, files } = c;
  const first = new Map<string, number>();
  for (const [j, d] of m.documents.entries()) {
    const f = files.get(d.file);
    if (!f || f.size === 0) continue; // reported as missing or empty
    const key = f.sha256 ? `sha256:${f.sha256}` : `file:${d.file}`;
    const i = first.get(key);
    if (i === undefined) {
      first.set(key, j);
      continue;
    }
    const e = m.documents[i]!;
    const same = e.kind === d.kind && e.permit === d.permit;
    const what =
      e.file === d.file
        ? t(`与 documents[${i}] 是同一个文件 ${d.file}`, `is the same file as documents[${i}], ${d.file}`)
        : t(
            `${d.file} 与 documents[${i}] 的 ${e.file} 内容完全相同（SHA-256 一致）`,
            `${d.file} has exactly the same content as ${e.file} of documents[${i}] (same SHA-256)`,
          );
    c.add({
      id: 'document-duplicate',
      severity: same ? 'warning' : 'error',
      path: `documents[${j}].file`,
      message: same
        ? t(`${what.zh}，同一材料登记了两次`, `${what.en}: the same material is listed twice`)
        : t(
            `${what.zh}，却作为两种材料（${e.kind}、${d.kind}）提交`,
            `${what.en}, yet is submitted as two materials (${e.kind}, ${d.kind})`,
          ),
      fix: same
        ? t('删除重复的一项', 'remove the repeated entry')
        : t(
            `为 ${d.kind} 放入它自己的文件（常见原因：复制了错误的文件）`,
            `give ${d.kind} its own file (a wrong file copied is the usual cause)`,
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

type Document = Manifest['documents'][number];

/** the file itself: present, not empty, of a type the item accepts, within the size limit */
function fileFindings(
  c: PrecheckRun,
  at: string,
  file: string,
  f: PackageFile | undefined,
  mat: MaterialRef | undefined,
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
      if (type === 'other' && isOfficeDocument(f.head)) unsignedFinding(c, at, file, allowed, mat);
      else if (!(allowed as string[]).includes(type))
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

/** a Word document in the package: a draft (icpdesk draft writes them), not yet signed, sealed and scanned */
function unsignedFinding(
  c: PrecheckRun,
  at: string,
  file: string,
  allowed: readonly string[],
  mat: MaterialRef | undefined,
): void {
  c.add({
    id: 'document-unsigned',
    severity: 'error',
    path: `${at}.file`,
    message: t(
      `文件 ${file} 是 Word 文档（草稿），尚未签字、盖章`,
      `file ${file} is a Word document (a draft), not yet signed and sealed`,
    ),
    fix: t(
      `补全【待补充】处后打印，由法定代表人签字并加盖公章，扫描为 ${allowed.join('、')} 后替换该文件`,
      `complete the 【待补充】 gaps, print it, have the legal representative sign it and the company seal it, then scan it to ${allowed.join(', ')} and replace the file`,
    ),
    ...(mat ? { rule: mat.id, sources: mat.sources } : {}),
  });
}

/**
 * The name on the document against the party it is about (document-parties.ts); its credit code and legal
 * representative against the applicant's when it is the applicant's document.
 */
function consistencyFindings(
  c: PrecheckRun,
  at: string,
  d: Document,
  providedBy: MaterialRef['providedBy'] | undefined,
): void {
  const { m } = c;
  const parties = partiesOf(m, providedBy);
  if (d.holder && parties && !parties.names.some((n) => sameName(n, d.holder!)))
    c.add({
      id: 'name-mismatch',
      severity: 'error',
      path: `${at}.holder`,
      message: parties.besides
        ? t(
            `材料上的名称"${d.holder}"既不是申请单位"${m.applicant.name}"，也不是清单中的${parties.besides.zh}`,
            `the name on the document, "${d.holder}", is neither the applicant, "${m.applicant.name}", nor one of the ${parties.besides.en} listed in the manifest`,
          )
        : t(
            `材料上的名称"${d.holder}"与申请单位"${m.applicant.name}"不一致`,
            `the name on the document, "${d.holder}", differs from the applicant, "${m.applicant.name}"`,
          ),
      fix: parties.besides
        ? t(
            `使用与证件完全一致的名称，并确认该${parties.besides.zh}已在 application.yaml 中登记`,
            `use the name exactly as on the certificate, and make sure the manifest lists these ${parties.besides.en}`,
          )
        : t(
            '使用与营业执照完全一致的公司名称，或更换材料',
            'use the company name exactly as on the business licence, or replace the document',
          ),
    });
  // another party's document (a shareholder's certificate) carries that party's own code and representative
  if (d.holder && !sameName(d.holder, m.applicant.name)) return;
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
