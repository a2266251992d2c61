import { describe, expect, it } from 'vitest';
import { cli } from './helpers.ts';

const example = 'examples/obligations.yaml';

describe('icpdesk obligations', () => {
  it('prints the register example in text, with ids, consequences and the calendar coverage', async () => {
    const r = await cli(['obligations', example, '--as-of', '2026-12-07']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('licence-renewal/licence:lic-edi/2027-03-14');
    expect(r.out).toContain('[即将到期] 2026-12-14  许可证续期申请');
    expect(r.out).toMatch(/2027.*估算/);
    expect(r.out).toContain('2024、2025、2026 年按国务院通知');
  });

  it('filters by status, kind and dates, and prints JSON the engine schema accepts', async () => {
    const { obligationsResultSchema } = await import('@icpdesk/engine');
    const r = await cli([
      'obligations',
      example,
      '--as-of',
      '2026-12-07',
      '--kind',
      'change',
      '--status',
      'overdue,due-soon',
      '--from',
      '2026-11-01',
      '--to',
      '2026-12-31',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(obligationsResultSchema.safeParse(out).success).toBe(true);
    expect(out.obligations.length).toBeGreaterThan(0);
    for (const o of out.obligations) {
      expect(o.kind).toBe('change');
      expect(['overdue', 'due-soon']).toContain(o.status);
      expect(o.window.due >= '2026-11-01' && o.window.due <= '2026-12-31').toBe(true);
    }
    // the coverage change: Order 42 (30 days after) and the Telecom Regulations (90 days before) disagree
    const conflicted = out.obligations.filter((o: { conflict?: unknown }) => o.conflict);
    expect(conflicted.length).toBeGreaterThan(0);
  });

  it('prints a markdown table in English', async () => {
    const r = await cli([
      'obligations',
      example,
      '--as-of',
      '2026-12-07',
      '--format',
      'markdown',
      '--lang',
      'en',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('| status | due | obligation | of | id |');
    expect(r.out).toContain('Licence renewal application');
  });

  it('refuses a register that does not match the contract, saying where', async () => {
    const r = await cli(['obligations', '-'], { stdin: 'licences:\n  - { id: l1, issuedOn: 2026-13-01 }\n' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/licences\.0\.issuedOn/);
    expect(r.err).toMatch(/licences\.0\.expiresOn/);
  });

  it('refuses an unknown status and a bad date', async () => {
    const a = await cli(['obligations', example, '--status', 'late']);
    expect(a.code).toBe(2);
    expect(a.err).toContain('--status late is not valid');
    const b = await cli(['obligations', example, '--from', '2026-02-30']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--from "2026-02-30" is not a real date');
  });

  it('has help', async () => {
    const r = await cli(['help', 'obligations']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--status');
  });
});

describe('icpdesk obligations --organisation (the stored register)', () => {
  it('lists the obligations of an organisation or one company from the database, as the API does', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { migrate, openDb } = await import('@icpdesk/store');
    const { seedCompany, seedLicence, seedOrganisation } = await import('@icpdesk/store/testing');
    const dataDir = mkdtempSync(join(tmpdir(), 'icpdesk-obligations-'));
    const db = await openDb({ dataDir });
    await migrate(db);
    const org = await seedOrganisation(db, '日历测试咨询');
    const a = await seedCompany(db, org);
    const b = await seedCompany(db, org, { name: '乙公司' });
    const la = await seedLicence(db, org, a, { issued_on: '2024-03-01', expires_on: '2029-02-28' });
    const lb = await seedLicence(db, org, b, { issued_on: '2025-05-01', expires_on: '2026-05-20' });
    await db.close();

    const base = ['obligations', '--data-dir', dataDir, '--as-of', '2026-03-01', '--format', 'json'];
    const all = await cli([...base, '--organisation', '日历测试咨询']);
    expect(all.err).toBe('');
    expect(all.code).toBe(0);
    const subjects = new Set(
      JSON.parse(all.out).obligations.map((o: { belongsTo: { id: string } }) => o.belongsTo.id),
    );
    expect(subjects).toEqual(new Set([la, lb]));
    const one = await cli([...base, '--organisation', org, '--company', b, '--kind', 'expiry']);
    const list = JSON.parse(one.out).obligations as { belongsTo: { id: string }; window: { due: string } }[];
    expect(list.map((o) => [o.belongsTo.id, o.window.due])).toEqual([[lb, '2026-05-20']]);
    const text = await cli([
      'obligations',
      '--data-dir',
      dataDir,
      '--as-of',
      '2026-03-01',
      '--organisation',
      org,
    ]);
    expect(text.out).toContain('许可证');

    const unknown = await cli([...base, '--organisation', '没有这个组织']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('没有这个组织');
    const both = await cli(['obligations', example, '--organisation', org, '--data-dir', dataDir]);
    expect(both.code).not.toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
