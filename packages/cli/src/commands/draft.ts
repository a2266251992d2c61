/**
 * icpdesk draft: the application's materials drafted as DOCX from a company file (an application.yaml in
 * which anything but the applicant's name may be missing, plus contacts, authority and facts) or from a
 * stored application (--application, SQLite in --data-dir or DATABASE_URL). Writes one file per template into
 * a folder, or the whole package as a zip (--out x.zip: application.yaml, the drafts, and the uploaded
 * documents — the application's, or those the company file lists — which are packed instead of the drafts of
 * their materials), and lists the facts still missing.
 *
 * With --application the drafts are also stored as documents of the application (new versions of earlier
 * drafts, audited as the operator `cli:<user>`), through the store's storeDrafts as the server's drafts route
 * does: all in one transaction after the files are written; when it fails, the files written are removed
 * again (a zip for standard output is sent only once the drafts are stored).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DraftedPackage, PackageFileEntry } from '@icpdesk/draft';
import {
  type DraftSubject,
  parseDraftSubject,
  type SubjectAuthority,
  subjectAuthority,
} from '@icpdesk/engine';
import { b25Scope, type Kb, licenceCode, procedure } from '@icpdesk/kb';
import type { Db, Document, Scope } from '@icpdesk/store';
import { CliError } from '../errors.ts';
import { type Io, readDocument } from '../io.ts';
import { dateOpt, formatOpt, langOpt, oneOf } from '../options.ts';
import type { Lang } from '../render.ts';

export interface DraftArgs {
  company?: string;
  application?: string;
  dataDir?: string;
  licence?: string;
  scope?: string;
  procedure?: string;
  material?: string[];
  out?: string;
  asOf?: string;
  format?: string;
  lang?: string;
}

interface Source {
  subject: DraftSubject;
  uploads: PackageFileEntry[];
}

/** the company file's subject, and the files its `documents` list (relative to it) as uploads */
async function subjectFromFile(io: Io, file: string, lang: Lang): Promise<Source> {
  const { name, data } = await readDocument(io, file);
  const r = parseDraftSubject(data);
  if (!r.ok)
    throw new CliError('INVALID_INPUT', `${name}: ${r.issues.map((i) => i.message[lang]).join('; ')}`);
  const dir = file === '-' ? io.cwd : dirname(resolve(io.cwd, file));
  const listed = (r.subject.documents ?? []) as { file: string; kind: string }[];
  const uploads = listed.map(({ file: path, ...rest }) => {
    const full = resolve(dir, path);
    if (!existsSync(full))
      throw new CliError('FILE_NOT_FOUND', `${name}: documents lists ${path}, which does not exist`);
    return { ...rest, path, data: readFileSync(full) };
  });
  return { subject: r.subject, uploads };
}

/** the operator at the command line, for the audit log */
function operatorLabel(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** a stored application: its subject and uploads, and where its drafts are stored */
interface StoredApplication extends Source {
  /** stores the drafts as the application's documents, in one transaction */
  keep(p: DraftedPackage): Promise<Document[]>;
}

/**
 * Opens the database (DATABASE_URL, else SQLite in --data-dir) and reads the stored application's subject and
 * uploaded documents with the organisation's owner rights, as the operator; `run` drafts and keeps.
 */
async function withStoredApplication<T>(
  io: Io,
  kb: Kb,
  id: string,
  dataDir: string | undefined,
  run: (app: StoredApplication) => Promise<T>,
): Promise<T> {
  const store = await import('@icpdesk/store');
  const dir = resolve(io.cwd, dataDir ?? 'data');
  const db: Db = await store.openDb({ url: process.env.DATABASE_URL, dataDir: dir });
  try {
    await store.migrate(db);
    const row = await db.kysely
      .selectFrom('applications')
      .select('organisation_id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new CliError('NOT_FOUND', `no application ${id} in ${db.location}`);
    const scope: Scope = {
      organisationId: row.organisation_id,
      userId: store.OPERATOR_ID,
      role: 'owner',
      actorLabel: operatorLabel(),
    };
    const found = await store.applicationSubject(db, scope, id);
    if (!found) throw new CliError('NOT_FOUND', `no application ${id} in ${db.location}`);
    const files = new store.DocumentFiles(dir);
    const docs = await store.packageDocuments(db, files, scope, id, { drafts: false });
    const kindOf = (m: string | null) => kb.materials.find((x) => x.id === m)?.documentKind;
    const uploads = docs.flatMap(({ document: d, data }) => {
      const kind = kindOf(d.checklistItem);
      return kind ? [{ path: `docs/${d.id}-${d.fileName}`, kind, data }] : [];
    });
    return await run({
      subject: found.subject,
      uploads,
      keep: (p) =>
        store.storeDrafts(
          db,
          files,
          scope,
          id,
          p.files.map((f) => ({ checklistItem: f.document.material, fileName: f.fileName, data: f.docx })),
        ),
    });
  } finally {
    await db.close();
  }
}

/** where the drafts went: the folder or zip as given (- for standard output) and the files written into it */
interface Written {
  to: string;
  files: string[];
  /** the files made on disk (absolute), removed again when storing the drafts fails */
  made: string[];
  /** the zip for standard output, sent once the drafts are stored */
  bytes?: Uint8Array;
}

/** a stored draft as the report names it */
interface Kept {
  fileName: string;
  material: string;
  documentId: string;
  seriesId: string;
  version: number;
}

const authorityName = (kb: Kb, id: string | null) => (id ? (kb.authorities.get(id)?.name ?? null) : null);

/** which authority the drafts are addressed to, and why; none for one the subject names */
function authorityLine(kb: Kb, a: SubjectAuthority, lang: Lang): string | undefined {
  const zh = lang === 'zh';
  const name = authorityName(kb, a.id)?.[lang] ?? a.id;
  if (a.basis === 'assessed')
    return zh
      ? `受理机关：${name}（未在公司文件中指定，按评估规则 ${a.rule} 确定；可在 authority 中指定）`
      : `authority: ${name} (the company file names none; decided by the assessment's rule ${a.rule}; name one in authority)`;
  if (a.basis === 'none')
    return zh
      ? '受理机关：未能确定（公司文件未指定，且所给信息不足以评估：须有 activities、coverage，股东须可穿透）'
      : 'authority: not known (the company file names none, and it says too little to assess: activities, coverage and traceable shareholders are needed)';
  return undefined;
}

function render(
  p: DraftedPackage,
  w: Written,
  kept: Kept[] | undefined,
  lang: Lang,
  authority: string | undefined,
): string {
  const zh = lang === 'zh';
  const to = w.to === '-' ? (zh ? '标准输出' : 'standard output') : w.to;
  const lines = [
    zh
      ? `已起草 ${p.files.length} 份文书，写入 ${to}：`
      : `drafted ${p.files.length} document${p.files.length === 1 ? '' : 's'} into ${to}:`,
  ];
  for (const f of w.files) lines.push(`  ${f}`);
  if (authority) lines.push('', authority);
  if (kept) {
    lines.push(
      '',
      zh
        ? `已保存为申请的文件（${kept.length} 份）：`
        : `stored as the application's documents (${kept.length}):`,
    );
    for (const k of kept)
      lines.push(
        zh
          ? `  ${k.fileName} → 文件 ${k.documentId}（系列 ${k.seriesId}，第 ${k.version} 版）`
          : `  ${k.fileName} → document ${k.documentId} (series ${k.seriesId}, version ${k.version})`,
      );
  }
  if (p.missing.length) {
    lines.push(
      '',
      zh ? `待补充的信息（${p.missing.length} 项）：` : `facts still missing (${p.missing.length}):`,
    );
    for (const m of p.missing)
      lines.push(`  - ${m.label[lang]} [${m.id}] — ${m.where[lang]} (${m.templates.join(', ')})`);
  } else lines.push('', zh ? '所有信息均已填入。' : 'every fact is filled in.');
  lines.push(
    '',
    zh
      ? '文书须经核对、打印、签字盖章并扫描后方可提交。'
      : 'check, print, sign, seal and scan each document before it is submitted.',
  );
  return `${lines.join('\n')}\n`;
}

export async function draftCommand(io: Io, kb: () => Kb, a: DraftArgs): Promise<number> {
  const lang = langOpt(a.lang);
  const format = formatOpt(a.format, ['text', 'json']);
  const asOf = dateOpt(io, 'as-of', a.asOf);
  if ((a.company === undefined) === (a.application === undefined))
    throw new CliError('USAGE', 'draft needs either --company <file> or --application <id>');
  const k = kb();
  const go = (src: Source, keep?: StoredApplication['keep']) =>
    draftAndWrite(io, k, a, { lang, format, asOf }, src, keep);
  return a.company
    ? go(await subjectFromFile(io, a.company, lang))
    : withStoredApplication(io, k, a.application!, a.dataDir, (app) => go(app, app.keep));
}

/** drafts, writes the files, stores the drafts (with `keep`), reports */
async function draftAndWrite(
  io: Io,
  k: Kb,
  a: DraftArgs,
  o: { lang: Lang; format: string; asOf: string },
  src: Source,
  keep: StoredApplication['keep'] | undefined,
): Promise<number> {
  const { lang } = o;
  const given = src.subject.licence ?? {};
  const licenceArg = a.licence?.toUpperCase() ?? given.code;
  const procedureArg = a.procedure ?? given.procedure;
  if (!licenceArg)
    throw new CliError('USAGE', `draft needs --licence (one of: ${licenceCode.options.join(', ')})`);
  if (!procedureArg)
    throw new CliError('USAGE', `draft needs --procedure (one of: ${procedure.options.join(', ')})`);
  const lic = oneOf('licence', licenceArg, licenceCode.options, 'B25');
  const proc = oneOf('procedure', procedureArg, procedure.options, 'new');
  const scopeArg = a.scope ?? given.scope;
  const scope = scopeArg === undefined ? undefined : oneOf('scope', scopeArg, b25Scope.options, 'internet');
  // a company file that names no authority: the one the assessment decides for the business it describes
  const authority = subjectAuthority(k, src.subject, o.asOf);
  const subject: DraftSubject = {
    ...src.subject,
    licence: { code: lic, procedure: proc, ...(scope ? { scope } : {}) },
    ...(authority.basis === 'assessed' ? { authority: authority.id } : {}),
  };
  const { DraftError, draftPackage } = await import('@icpdesk/draft');
  let p: DraftedPackage;
  let w: Written;
  try {
    p = await draftPackage(k, {
      subject,
      licence: lic,
      ...(scope ? { scope } : {}),
      procedure: proc,
      asOf: o.asOf,
      ...(a.material?.length ? { materials: a.material } : {}),
    });
    w = await write(io, p, subject, src.uploads, a.out ?? 'drafts');
  } catch (e) {
    if (e instanceof DraftError)
      throw new CliError(
        e.code,
        [`${e.text[lang]} [${e.code}]`, ...(e.code === 'PACKAGE_INCOMPLETE' ? e.details : [])].join('\n  '),
      );
    throw e;
  }
  let kept: Kept[] | undefined;
  if (keep) {
    try {
      const docs = await keep(p);
      kept = docs.map((d, i) => ({
        fileName: p.files[i]!.fileName,
        material: p.files[i]!.document.material,
        documentId: d.id,
        seriesId: d.seriesId,
        version: d.version,
      }));
    } catch (e) {
      for (const f of w.made) rmSync(f, { force: true });
      throw e;
    }
  }
  if (w.bytes) io.outBytes(w.bytes);
  // with the package on standard output, the report goes to standard error
  const report = a.out === '-' ? io.err : io.out;
  if (o.format === 'json') {
    const json = {
      to: w.to,
      files: w.files,
      authority: { ...authority, name: authorityName(k, authority.id) },
      documents: p.files.map((f) => ({ ...f.document, fileName: f.fileName })),
      ...(kept ? { stored: kept } : {}),
      missing: p.missing,
    };
    report(`${JSON.stringify(json, null, 2)}\n`);
  } else report(render(p, w, kept, lang, authorityLine(k, authority, lang)));
  return 0;
}

/**
 * Writes the drafts into a folder, or the package into a zip file or (its bytes, for standard output, "-")
 * returns it; an uploaded document of a material (a signed scan) is packed instead of its draft.
 */
async function write(
  io: Io,
  p: DraftedPackage,
  subject: DraftSubject,
  uploads: PackageFileEntry[],
  out: string,
): Promise<Written> {
  if (out !== '-' && !/\.zip$/i.test(out)) {
    const dir = resolve(io.cwd, out);
    mkdirSync(dir, { recursive: true });
    const made: string[] = [];
    for (const f of p.files) {
      const path = join(dir, f.fileName);
      writeFileSync(path, f.docx);
      made.push(path);
    }
    return { to: out, files: p.files.map((f) => f.fileName), made };
  }
  const { packageZip } = await import('@icpdesk/draft');
  const uploaded = new Set(uploads.map((u) => u.kind));
  const drafts = p.files.filter((f) => !uploaded.has(f.document.documentKind ?? ''));
  const zip = packageZip(subject, drafts, uploads);
  const files = ['application.yaml', ...drafts.map((f) => f.packagePath), ...uploads.map((u) => u.path)];
  if (out === '-') return { to: '-', files, made: [], bytes: zip };
  const path = resolve(io.cwd, out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, zip);
  return { to: out, files, made: [path] };
}
