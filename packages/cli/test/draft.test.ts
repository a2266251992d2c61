/**
 * icpdesk draft: the example applicant's materials drafted from its application.yaml into a folder, a zip
 * and standard output; the zip read back by icpdesk precheck; a stored application drafted from SQLite, and on
 * both databases its drafts stored as documents of the application (all or none: a failure mid-way leaves no
 * document and no file); and the errors, each with its exit code.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDb } from '@icpdesk/store';
import {
  failDocumentsAfter,
  forEachDb,
  seedApplication,
  seedCompany,
  seedOrganisation,
} from '@icpdesk/store/testing';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli, root } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'icpdesk-draft-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const example = join(root, 'examples/packages/b25-hangzhou');
const manifest = () => parse(readFileSync(join(example, 'application.yaml'), 'utf8'));

/** the example package copied into a folder of its own, its application.yaml changed by `edit` */
function companyDir(name: string, edit: (m: Record<string, unknown>) => unknown = (m) => m): string {
  const dir = join(tmp, name);
  cpSync(example, dir, { recursive: true });
  writeFileSync(join(dir, 'application.yaml'), stringify(edit(manifest())));
  return dir;
}

/** the example without the uploads of the materials a template drafts (the drafts take their place) */
const drafting = (m: Record<string, unknown>) => ({
  ...m,
  authority: 'CN-ZJ',
  documents: (m.documents as { kind: string }[]).filter((d) => d.kind !== 'legal-rep-undertaking'),
});

const bodyOf = (docx: Uint8Array) => strFromU8(unzipSync(docx)['word/document.xml']!);

describe('icpdesk draft --company', () => {
  it('drafts one DOCX per template into a folder, filled from the file, and lists what is missing', async () => {
    const dir = companyDir('folder');
    const r = await cli(['draft', '--company', 'application.yaml', '--out', 'out'], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    const listed = [...r.out.matchAll(/^ {2}(\S+\.docx)$/gm)].map((m) => m[1]!);
    expect(r.out).toContain(`已起草 ${listed.length} 份文书，写入 out：`);
    expect(listed).toContain('依法经营电信业务承诺书.docx');
    for (const f of listed) expect(existsSync(join(dir, 'out', f)), f).toBe(true);
    // the example names no authority: the one its business is assessed to go to, said so
    expect(r.out).toContain(
      '受理机关：浙江省通信管理局（未在公司文件中指定，按评估规则 authority-single-province 确定；可在 authority 中指定）',
    );
    expect(r.out).not.toContain('[application.authority]');
    const body = bodyOf(readFileSync(join(dir, 'out', '依法经营电信业务承诺书.docx')));
    expect(body).toContain('杭州示例信息技术有限公司');
    expect(body).toContain('浙江省通信管理局');
    expect(r.out).toMatch(/待补充的信息（\d+ 项）/);
  });

  it('leaves the authority a gap, and says why, when the file names none and says too little to assess', async () => {
    const dir = companyDir('no-activities', ({ activities: _, ...m }) => m);
    const r = await cli(['draft', '--company', 'application.yaml', '--out', 'out', '--lang', 'en'], {
      cwd: dir,
    });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('authority: not known (the company file names none');
    expect(r.out).toContain('[application.authority]');
    const json = await cli(['draft', '--company', 'application.yaml', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(json.out).authority).toEqual({ id: null, basis: 'none', rule: null, name: null });
  });

  it('fills every fact of a material when the file gives them, in English with --lang en and as JSON', async () => {
    const dir = companyDir('filled', drafting);
    const only = ['--material', 'legal-rep-undertaking'];
    const r = await cli(['draft', '--company', 'application.yaml', ...only, '--lang', 'en'], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('every fact is filled in.');
    const body = bodyOf(readFileSync(join(dir, 'drafts', '依法经营电信业务承诺书.docx')));
    expect(body).toContain('浙江省通信管理局');
    expect(body).not.toContain('待补充');
    const json = await cli(['draft', '--company', 'application.yaml', ...only, '--format', 'json'], {
      cwd: dir,
    });
    expect(JSON.parse(json.out)).toMatchObject({
      to: 'drafts',
      files: ['依法经营电信业务承诺书.docx'],
      authority: { id: 'CN-ZJ', basis: 'given', rule: null, name: { zh: '浙江省通信管理局' } },
      documents: [{ templateId: 'legal-rep-undertaking', material: 'legal-rep-undertaking' }],
      missing: [],
    });
  });

  it('packs a zip that precheck reads back with nothing but the unsigned drafts', async () => {
    const dir = companyDir('zip', drafting);
    const r = await cli(['draft', '--company', 'application.yaml', '--out', 'package.zip'], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('drafts/legal-rep-undertaking.docx');
    const packed = Object.keys(unzipSync(readFileSync(join(dir, 'package.zip'))));
    const drafts = packed.filter((n) => n.startsWith('drafts/'));
    expect(drafts).toContain('drafts/legal-rep-undertaking.docx');
    const check = await cli(['precheck', join(dir, 'package.zip'), '--format', 'json']);
    const findings = JSON.parse(check.out).findings as { id: string; path: string }[];
    expect(findings.map((f) => f.id)).toEqual(drafts.map(() => 'document-unsigned'));
    expect(check.code).toBe(3); // an unsigned draft blocks submission
  });

  it('writes the zip to standard output with --out -, the report to standard error', async () => {
    const dir = companyDir('stdout', drafting);
    const r = await cli(['draft', '--company', 'application.yaml', '--out', '-'], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('写入 标准输出');
    const files = unzipSync(r.bytes!);
    expect(Object.keys(files)).toContain('drafts/legal-rep-undertaking.docx');
    expect(parse(strFromU8(files['application.yaml']!)).applicant.name).toBe('杭州示例信息技术有限公司');
  });

  it('packs an uploaded document instead of the draft of its material', async () => {
    const dir = companyDir('uploaded');
    const r = await cli(['draft', '--company', 'application.yaml', '--out', 'p.zip'], { cwd: dir });
    expect(r.code, r.err).toBe(0);
    const names = Object.keys(unzipSync(readFileSync(join(dir, 'p.zip'))));
    expect(names).toContain('docs/legal-rep-undertaking.pdf');
    expect(names).not.toContain('drafts/legal-rep-undertaking.docx');
  });
});

describe('icpdesk draft --application', () => {
  it('drafts a stored application from the SQLite database in --data-dir', async () => {
    const dataDir = join(tmp, 'data');
    const db = await openDb({ dataDir });
    let id: string;
    try {
      await migrate(db);
      const org = await seedOrganisation(db);
      id = await seedApplication(db, org, await seedCompany(db, org, { uscc: '91330106MA2H7K3LXA' }));
    } finally {
      await db.close();
    }
    const r = await cli(['draft', '--application', id, '--data-dir', dataDir, '--out', 'drafted'], {
      cwd: tmp,
    });
    expect(r.code, r.err).toBe(0);
    const body = bodyOf(readFileSync(join(tmp, 'drafted', '依法经营电信业务承诺书.docx')));
    expect(body).toContain('91330106MA2H7K3LXA');
    expect(body).toContain('浙江省通信管理局');
    const none = await cli(['draft', '--application', 'no-such-id', '--data-dir', dataDir], { cwd: tmp });
    expect(none.code).toBe(2);
    expect(none.err).toContain('no application no-such-id');
  });
});

forEachDb('icpdesk draft --application stores the drafts', (t) => {
  /** the CLI on the suite's database: DATABASE_URL on PostgreSQL, the data directory for files (and SQLite) */
  const draft = async (args: string[]) => {
    const before = process.env.DATABASE_URL;
    if (t.url) process.env.DATABASE_URL = t.url;
    else delete process.env.DATABASE_URL;
    try {
      return await cli(['draft', ...args, '--data-dir', t.dir], { cwd: t.dir });
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
  };
  const seeded = async () => {
    const org = await seedOrganisation(t.db);
    return seedApplication(t.db, org, await seedCompany(t.db, org, { uscc: '91330106MA2H7K3LXA' }));
  };
  const documentsOf = (id: string) =>
    t.db.kysely.selectFrom('documents').selectAll().where('application_id', '=', id).orderBy('id').execute();

  it('stores each draft as a document of the application, then as its next version, and says which', async () => {
    const id = await seeded();
    const r = await draft(['--application', id, '--out', 'one']);
    expect(r.code, r.err).toBe(0);
    const written = readdirSync(join(t.dir, 'one')).filter((f) => f.endsWith('.docx'));
    const docs = await documentsOf(id);
    expect(docs.map((d) => d.file_name).sort()).toEqual([...written].sort());
    expect(docs.every((d) => Number(d.version) === 1 && d.uploaded_by === null)).toBe(true);
    expect(r.out).toContain(`已保存为申请的文件（${docs.length} 份）`);
    for (const d of docs)
      expect(r.out).toContain(`${d.file_name} → 文件 ${d.id}（系列 ${d.series_id}，第 1 版）`);
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['actor_id', 'actor_label', 'action'])
      .where('entity', '=', 'documents')
      .where(
        'entity_id',
        'in',
        docs.map((d) => d.id),
      )
      .execute();
    expect(audit).toHaveLength(docs.length);
    for (const a of audit) {
      expect(a).toMatchObject({ actor_id: null, action: 'create' });
      expect(a.actor_label).toMatch(/^cli/);
    }

    const again = await draft(['--application', id, '--out', 'two', '--format', 'json', '--lang', 'en']);
    expect(again.code, again.err).toBe(0);
    const stored = JSON.parse(again.out).stored as {
      seriesId: string;
      version: number;
      documentId: string;
    }[];
    expect(stored.map((s) => s.version)).toEqual(docs.map(() => 2));
    expect(new Set(stored.map((s) => s.seriesId))).toEqual(new Set(docs.map((d) => d.series_id)));
    expect(await documentsOf(id)).toHaveLength(docs.length * 2);
  });

  it('all or none: a failure at the second document stores nothing and removes the files it wrote', async () => {
    const id = await seeded();
    const undo = await failDocumentsAfter(t.db, 1);
    try {
      const folder = await draft(['--application', id, '--out', 'failed']);
      expect(folder.code, folder.err).toBe(1);
      expect(folder.out).toBe('');
      expect(readdirSync(join(t.dir, 'failed')).filter((f) => f.endsWith('.docx'))).toEqual([]);
    } finally {
      await undo();
    }
    expect(await documentsOf(id)).toEqual([]);
    const ok = await draft(['--application', id, '--out', 'failed']);
    expect(ok.code, ok.err).toBe(0);
    expect((await documentsOf(id)).length).toBeGreaterThan(1);
  });
});

describe('icpdesk draft errors', () => {
  const minimal = join(tmp, 'minimal.yaml');
  writeFileSync(minimal, stringify({ applicant: { name: '杭州示例信息技术有限公司' } }));

  it.each([
    ['neither --company nor --application', ['draft'], 'either --company'],
    ['both', ['draft', '--company', minimal, '--application', 'x'], 'either --company'],
    ['a positional argument', ['draft', 'x.yaml'], 'no positional arguments'],
    ['a missing file', ['draft', '--company', join(tmp, 'nope.yaml')], 'no such file'],
    ['no licence anywhere', ['draft', '--company', minimal, '--procedure', 'new'], 'needs --licence'],
    ['no procedure anywhere', ['draft', '--company', minimal, '--licence', 'B25'], 'needs --procedure'],
    ['an unknown licence', ['draft', '--company', minimal, '--licence', 'Z9', '--procedure', 'new'], 'Z9'],
    [
      'an unknown material',
      ['draft', '--company', minimal, '--licence', 'B25', '--procedure', 'new', '--material', 'nope'],
      'nope',
    ],
    [
      'a licence and procedure without templates',
      ['draft', '--company', minimal, '--licence', 'A11', '--procedure', 'new'],
      'A11',
    ],
    [
      'a package whose application.yaml would be incomplete',
      ['draft', '--company', minimal, '--licence', 'B25', '--procedure', 'new', '--out', join(tmp, 'x.zip')],
      'applicant.uscc',
    ],
  ])('%s: exit 2 with a message that says so', async (_name, args, message) => {
    const r = await cli(args);
    expect(r.code, r.out).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('refuses a company file without the applicant name', async () => {
    const file = join(tmp, 'nameless.yaml');
    writeFileSync(file, stringify({ applicant: { uscc: '91330106MA2H7K3LXA' } }));
    const r = await cli(['draft', '--company', file, '--licence', 'B25', '--procedure', 'new']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('nameless.yaml');
    expect(existsSync(join(root, 'drafts'))).toBe(false);
  });
});
