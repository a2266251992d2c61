import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'icpdesk-impact-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

const profile = () =>
  file(
    'p.yaml',
    'entity: { type: company, registeredProvince: CN-GD, registeredCapitalCny: 1000000, foreignSharePercent: 0, onCreditBlacklist: false }\nservice: { coverage: [CN-GD], activities: [live-streaming-tipping], channels: [website], serverLocation: mainland }\n',
  );
const register = () =>
  file(
    'r.yaml',
    'licences:\n  - { number: 粤B2-20240001, codes: ["B25:internet"], coverage: [CN-GD], authority: CN-GD, expiresOn: "2029-01-01", status: active }\n',
  );

describe('icpdesk impact', () => {
  it('shows before and after, what no longer fits, and the deadlines by kb parameter', async () => {
    const change = file('c.yaml', 'kind: wider-coverage\ncoverage: [CN-BJ]\non: "2027-03-01"\n');
    const args = ['impact', profile(), '--change', change, '--register', register(), '--as-of', '2026-12-01'];
    const r = await cli([...args, '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.after.authority).toBe('MIIT');
    expect(j.findings.map((f: { kind: string }) => f.kind)).toContain('licence-coverage');
    expect(j.deadlines.find((d: { stricter: boolean }) => d.stricter)).toMatchObject({
      id: 'licence-change-advance-regulations',
      parameterId: 'change-advance-days-regulations',
      due: '2026-12-01',
    });
    const text = await cli([...args, '--lang', 'en']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Deciding authority: CN-GD → MIIT');
    expect(text.out).toContain(
      '2026-12-01  Advance application for a change of entity or scope (Telecom Regulations)',
    );
    expect(text.out).toContain('licence-change-advance-regulations · change-advance-days-regulations: 90');
  });

  it('refuses a change that lacks its field (exit 2), and a missing --change', async () => {
    const bad = await cli(['impact', profile(), '--change', file('bad.yaml', 'kind: rename\n')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.yaml: 1 problem/);
    expect(bad.err).toContain('name');
    const none = await cli(['impact', profile()]);
    expect(none.code).toBe(2);
    expect(none.err).toContain('--change');
  });
});
