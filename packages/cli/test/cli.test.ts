import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, root } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'icpdesk-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('icpdesk assess', () => {
  it('assesses a YAML profile as JSON, with the contract fields', async () => {
    const r = await cli([
      'assess',
      'examples/profiles/marketplace-nationwide.yaml',
      '--format',
      'json',
      '--as-of',
      '2026-11-29',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    expect(a.asOf).toBe('2026-11-29');
    expect(a.kbVersion).toMatch(/^2026\.11\.29\+/);
    const b21 = a.licences.find((l: { code: string }) => l.code === 'B21');
    expect(b21).toMatchObject({ requirement: 'required', authority: 'MIIT' });
    expect(b21.reasons[0].rule).toBeTruthy();
    // a conclusion cites a source by id; the result lists each source once
    expect(a.sources[b21.reasons[0].sources[0].ref].title).toBeTruthy();
    expect(a.filings.map((f: { kind: string }) => f.kind)).toEqual(
      expect.arrayContaining(['icp-filing', 'app-filing']),
    );
    expect(a.eligibility.checks.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining(['company-form', 'registered-capital', 'foreign-share', 'credit']),
    );
  });

  it('shows the numbers an activity uses, the government fees and the penalties of a pitfall', async () => {
    const profile = file(
      'call-centre.yaml',
      [
        'entity: { type: company, registeredProvince: CN-ZJ, registeredCapitalCny: 1000000, foreignSharePercent: 0 }',
        'service: { coverage: [CN-ZJ], activities: [call-center], serverLocation: mainland, channels: [website] }',
      ].join('\n'),
    );
    const r = await cli(['assess', profile, '--as-of', '2026-11-29', '--lang', 'en']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/○ number-95 .* not open/);
    expect(r.out).toMatch(/● number-96 .* open · allocated by: CN-ZJ/);
    expect(r.out).toContain('Government fees');
    expect(r.out).toContain('→ consequence (missed-annual-report)');
  });

  it('prints readable Chinese text by default and English with --lang en', async () => {
    const zh = await cli([
      'assess',
      'examples/profiles/live-streaming-guangdong.json',
      '--as-of',
      '2026-11-29',
    ]);
    expect(zh.code).toBe(0);
    expect(zh.out).toContain('结论');
    expect(zh.out).toContain('广东省通信管理局');
    const en = await cli([
      'assess',
      'examples/profiles/live-streaming-guangdong.json',
      '--as-of',
      '2026-11-29',
      '--lang',
      'en',
    ]);
    expect(en.out).toContain('Conclusion');
  });

  it('writes Markdown', async () => {
    const r = await cli([
      'assess',
      'examples/profiles/corporate-website.yaml',
      '--format',
      'markdown',
      '--as-of',
      '2026-11-29',
    ]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('# icpdesk 评估结果')).toBe(true);
  });

  it('reads standard input', async () => {
    const r = await cli(['assess', '-', '--format', 'json', '--as-of', '2026-11-29'], {
      stdin:
        '{"service":{"activities":["corporate-website"],"channels":["website"],"serverLocation":"mainland"}}',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).licences).toEqual([]);
  });

  it('rejects a date that does not exist', async () => {
    const r = await cli(['assess', 'examples/profiles/corporate-website.yaml', '--as-of', '2026-02-30']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'icpdesk: --as-of "2026-02-30" is not a real date; use YYYY-MM-DD, e.g. 2026-11-29\n',
    });
  });

  it('names a missing file', async () => {
    expect(await cli(['assess', 'nope.yaml'])).toEqual({
      code: 2,
      out: '',
      err: 'icpdesk: nope.yaml: no such file\n',
    });
  });

  it('gives the line and column of a YAML error', async () => {
    const p = file('broken.yaml', 'service:\n  activities: [saas\n');
    const r = await cli(['assess', p]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^icpdesk: .*broken\.yaml:\d+:\d+: not valid YAML: /);
  });

  it('refuses a billion-laughs profile with exit 2, naming the reason', async () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [x, y] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg', 'gh', 'hi'])
      lines.push(`${y}: &${y} [${Array(9).fill(`*${x}`).join(', ')}]`);
    const r = await cli(['assess', file('laughs.yaml', `${lines.join('\n')}\n`)]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^icpdesk: .*laughs\.yaml: uses aliases .* "billion laughs"/);
  });

  it('gives the line and column of a JSON error', async () => {
    const p = file('broken.json', '{\n  "service": { "activities": ["saas"], }\n}');
    const r = await cli(['assess', p]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json:2:\d+: not valid JSON/);
  });

  it('suggests the nearest activity and names the field', async () => {
    const p = file('typo.json', JSON.stringify({ service: { activities: ['live-streming-tipping'] } }));
    const r = await cli(['assess', p, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `icpdesk: ${p}: the profile has 1 problem:\n  service.activities[0]: service.activities[0]: unknown activity "live-streming-tipping"; did you mean "live-streaming-tipping"? (find ids with icpdesk kb search) [PROFILE_UNKNOWN_ACTIVITY]\n`,
    );
  });

  it('lists the valid values of an enum', async () => {
    const p = file(
      'enum.json',
      JSON.stringify({ service: { activities: ['saas'], serverLocation: 'moon' } }),
    );
    const r = await cli(['assess', p, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'service.serverLocation: service.serverLocation is "moon"; valid values are: mainland, hong-kong-macau-taiwan, overseas [PROFILE_NOT_ONE_OF]',
    );
  });

  it('rejects unknown options and commands with exit 2', async () => {
    const a = await cli(['assess', 'x.yaml', '--asof', '2026-01-01']);
    expect(a.code).toBe(2);
    expect(a.err).toContain("Unknown option '--asof'");
    const b = await cli(['asses']);
    expect(b).toEqual({
      code: 2,
      out: '',
      err: 'icpdesk: unknown command "asses"; commands: assess, compare, impact, checklist, precheck, draft, obligations, explain, serve, worker, db, backup, admin, kb, help\n',
    });
    const c = await cli(['assess', 'examples/profiles/corporate-website.yaml', '--format', 'pdf']);
    expect(c.err).toBe('icpdesk: --format "pdf" is not valid; use one of: text, json, markdown\n');
  });
});

describe('icpdesk assess --batch', () => {
  it('assesses every line, reports bad lines by number and goes on', async () => {
    const good = JSON.stringify({
      id: 'a',
      service: { activities: ['corporate-website'], channels: ['website'] },
    });
    const input = file(
      'in.jsonl',
      `${good}\n{oops\n\n${JSON.stringify({ service: { activities: ['nope'] } })}\n${good}\n`,
    );
    const out = join(tmp, 'out.jsonl');
    const r = await cli(['assess', '--batch', input, '--out', out, '--as-of', '2026-11-29']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${input}:2: not valid JSON`);
    expect(r.err).toContain(`${input}:4: service.activities[0]: `);
    expect(r.err).toMatch(/assessed 2 profiles from 5 lines, 2 bad/);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].profileId).toBe('a');
    expect(lines[0].licences).toEqual([]); // summary form by default
    expect(lines[1]).toMatchObject({ line: 2, error: { code: 'PARSE_ERROR' } });
    expect(lines[2]).toMatchObject({ line: 4, error: { code: 'INVALID_PROFILE' } });
    expect(lines[3].asOf).toBe('2026-11-29');
  });

  it('gives the same lines in the same order on worker threads', async () => {
    const profiles = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({
        id: i,
        service: {
          activities: [i % 7 === 3 ? 'nope' : i % 2 ? 'cdn' : 'paid-content'],
          channels: ['website'],
        },
      }),
    );
    const input = file('many.jsonl', `${profiles.join('\n')}\n`);
    const one = join(tmp, 'one.jsonl');
    const two = join(tmp, 'two.jsonl');
    const a = await cli(['assess', '--batch', input, '--out', one, '--as-of', '2026-11-29', '--jobs', '1']);
    const b = await cli(['assess', '--batch', input, '--out', two, '--as-of', '2026-11-29', '--jobs', '2']);
    expect(a.code).toBe(2);
    expect(b.code).toBe(2);
    expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
    expect(b.err).toContain(`${input}:4: service.activities[0]: `);
    expect(b.err).toMatch(/assessed 43 profiles from 50 lines, 7 bad, in [\d.]+ s with 2 workers/);
  });

  it('writes full results with --detail full', async () => {
    const input = file('full.jsonl', `${JSON.stringify({ service: { activities: ['cdn'] } })}\n`);
    const out = join(tmp, 'full-out.jsonl');
    const r = await cli([
      'assess',
      '--batch',
      input,
      '--out',
      out,
      '--detail',
      'full',
      '--as-of',
      '2026-11-29',
    ]);
    expect(r.code).toBe(0);
    const line = JSON.parse(readFileSync(out, 'utf8'));
    expect(line.licences[0].reasons[0].sources.length).toBeGreaterThan(0);
  });

  it('rejects a bad --jobs', async () => {
    const r = await cli(['assess', '--batch', 'in.jsonl', '--out', 'o.jsonl', '--jobs', '0']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'icpdesk: --jobs "0" is not valid; use a whole number from 1 to 64\n',
    });
  });

  it('needs --out', async () => {
    const r = await cli(['assess', '--batch', 'in.jsonl']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'icpdesk: --batch needs --out <file.jsonl> for the results (--out - for standard output)\n',
    });
  });
});

describe('icpdesk compare', () => {
  it('shows what a second province adds', async () => {
    const a = file(
      'one.yaml',
      'entity: { type: company, registeredCapitalCny: 2000000, foreignSharePercent: 0, onCreditBlacklist: false }\nservice: { coverage: [CN-SH], activities: [paid-content], channels: [website], serverLocation: mainland }\n',
    );
    const b = file(
      'two.yaml',
      'entity: { type: company, registeredCapitalCny: 2000000, foreignSharePercent: 0, onCreditBlacklist: false }\nservice: { coverage: [CN-SH, CN-JS], activities: [paid-content], channels: [website], serverLocation: mainland }\n',
    );
    const r = await cli(['compare', a, b, '--format', 'json', '--as-of', '2026-11-29']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out);
    expect(c.authority).toEqual({ before: 'CN-SH', after: 'MIIT' });
    expect(c.checks).toContainEqual(
      expect.objectContaining({ key: 'registered-capital', before: 'met', after: 'unmet' }),
    );
  });
});

describe('icpdesk explain and kb', () => {
  it('explains a category with its sources and history', async () => {
    const r = await cli(['explain', 'B25']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('B25 · category · 信息服务业务');
    expect(r.out).toContain('sources:');
    expect(r.out).toContain('history:');
  });
  it('explains a parameter with its versions', async () => {
    const r = await cli(['explain', 'review-days', '--format', 'json']);
    const e = JSON.parse(r.out).matches[0];
    expect(e).toMatchObject({ kind: 'parameter', id: 'review-days' });
    expect(e.history[0].detail).toContain('60');
  });
  it('explains a business closed to foreign investment with its negative-list source', async () => {
    const r = await cli(['explain', 'online-game-operation', '--format', 'json']);
    const e = JSON.parse(r.out).matches[0];
    expect(e).toMatchObject({ kind: 'foreign-prohibition', id: 'online-game-operation' });
    expect(e.details.when).toEqual({ activity: ['online-game'] });
    expect(e.sources.map((x: { ref: string }) => x.ref)).toContain('negative-list-2024');
  });
  it('suggests an id when nothing matches', async () => {
    const r = await cli(['explain', 'B52']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^icpdesk: no entry has the id "B52"; did you mean "B[0-9-]+"\?/);
  });
  it('validates the knowledge base', async () => {
    const r = await cli(['kb', 'validate']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok: knowledge base 2026\.11\.29\+[0-9a-f]{8} is valid/);
    expect(r.out).toMatch(/\nsources by grade: A \d+ \(official\), B \d+ .*E \d+ \(third-party code\)\n/);
    const m = /high-confidence entries with an official source: (\d+) of (\d+) \((\d+\.\d)%\)/.exec(r.out);
    expect(m).not.toBeNull();
    expect(Number(m![3])).toBeCloseTo((100 * Number(m![1])) / Number(m![2]), 1);
  });
  it('reports a broken knowledge base with exit 2', async () => {
    const r = await cli(['kb', 'validate', '--kb', join(tmp, 'no-kb')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[KB_DIR_MISSING]');
  });
  it('searches in Chinese', async () => {
    const r = await cli(['kb', 'search', '多方通信']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/category\s+B22/);
  });
  it('answers a whole question with the answer first, and explains it', async () => {
    const r = await cli(['kb', 'search', 'EDI证过期了还能续吗？']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^faq\s+faq-edi-expired-renew/);
    expect(r.out).toContain('90日');
    const e = await cli(['explain', 'faq-edi-expired-renew', '--lang', 'en']);
    expect(e.out).toContain('renewal-lead-days');
    expect(e.out).toContain('Art. 27');
  });
  it('lists the materials of a number application', async () => {
    const r = await cli([
      'checklist',
      '--licence',
      'B25',
      '--procedure',
      'number-application',
      '--as-of',
      '2026-11-29',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[number-use-undertaking]');
    expect(r.out).not.toContain('[application-form]');
  });
});

describe('the installed command', () => {
  const bin = join(root, 'packages/cli/bin/icpdesk.js');
  it('exits 2 on bad input with no stack trace', () => {
    const p = spawnSync(process.execPath, [bin, 'assess', 'no-such-file.json'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(p.status).toBe(2);
    expect(p.stderr).toBe('icpdesk: no-such-file.json: no such file\n');
  });
  it('exits 1 on an internal error, without a stack trace', () => {
    const p = spawnSync(process.execPath, [bin, 'explain', 'B25', '--kb', join(tmp, 'no-kb')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(p.status).toBe(1);
    expect(p.stderr).toContain('icpdesk: internal error:');
    expect(p.stderr).not.toMatch(/\n\s+at /);
  });
  it('exits 0 and prints help', () => {
    const p = spawnSync(process.execPath, [bin, '--help'], { cwd: root, encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('Usage: icpdesk <command>');
  });
});

describe('icpdesk checklist', () => {
  it('lists the statutory items first, each with its source', async () => {
    const r = await cli([
      'checklist',
      '--licence',
      'B25',
      '--scope',
      'internet',
      '--procedure',
      'new',
      '--as-of',
      '2026-11-29',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out);
    expect(c.items.length).toBeGreaterThan(8);
    const firstPractice = c.items.findIndex((i: { basis: string }) => i.basis === 'practice');
    expect(c.items.slice(firstPractice).every((i: { basis: string }) => i.basis === 'practice')).toBe(true);
    for (const i of c.items) expect(i.sources.length, i.id).toBeGreaterThan(0);
    expect(c.items.map((i: { documentKind: string }) => i.documentKind)).toContain('business-licence');
  });
  it('adds the foreign-investment items for a foreign-invested profile', async () => {
    const args = [
      'checklist',
      '--licence',
      'B21',
      '--procedure',
      'new',
      '--as-of',
      '2026-11-29',
      '--format',
      'json',
    ];
    const plain = JSON.parse((await cli(args)).out);
    const foreign = JSON.parse(
      (await cli([...args, '--profile', 'examples/profiles/marketplace-nationwide.yaml'])).out,
    );
    const kinds = (c: { items: { documentKind: string; applies: string }[] }) =>
      c.items.filter((i) => i.applies === 'yes').map((i) => i.documentKind);
    expect(kinds(foreign).length).toBeGreaterThan(kinds(plain).length);
  });
  it('knows the items of a renewal and of a cancellation', async () => {
    for (const procedure of ['renewal', 'cancellation', 'change', 'annual-report']) {
      const r = await cli([
        'checklist',
        '--licence',
        'B25',
        '--procedure',
        procedure,
        '--as-of',
        '2026-11-29',
        '--format',
        'json',
      ]);
      expect(r.code, procedure).toBe(0);
      expect(JSON.parse(r.out).items.length, procedure).toBeGreaterThan(0);
    }
  });
  it('names the valid values of a bad option', async () => {
    const r = await cli(['checklist', '--licence', 'B99', '--procedure', 'new']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'icpdesk: --licence "B99" is not valid; use one of: B11, B12, B13, B14, B21, B22, B23, B24-1, B24-2, B25, B26-1\n',
    });
    const p = await cli(['checklist', '--licence', 'B25', '--procedure', 'renew']);
    expect(p.err).toBe(
      'icpdesk: --procedure "renew" is not valid; use one of: new, change, renewal, cancellation, annual-report, number-application\n',
    );
  });
});

describe('icpdesk admin create', () => {
  it('creates the first owner from a password on stdin, once', async () => {
    const dataDir = join(tmp, 'admin-data');
    const args = [
      'admin',
      'create',
      '--email',
      'Owner@Example.com',
      '--organisation',
      '示例咨询',
      '--data-dir',
      dataDir,
    ];
    const r = await cli(args, { stdin: 'correct horse battery\n' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^created owner owner@example\.com of organisation 示例咨询 /);
    const again = await cli(args, { stdin: 'correct horse battery\n' });
    expect(again.code).toBe(2);
    expect(again.err).toContain('EMAIL_TAKEN');
  });
  it('refuses a weak password and a password on the command line', async () => {
    const dataDir = join(tmp, 'admin-data-2');
    const weak = await cli(
      ['admin', 'create', '--email', 'a@example.com', '--organisation', 'X', '--data-dir', dataDir],
      { stdin: 'short\n' },
    );
    expect(weak.code).toBe(2);
    expect(weak.err).toContain('PASSWORD_TOO_SHORT');
    const guessable = await cli(
      ['admin', 'create', '--email', 'a@example.com', '--organisation', 'X', '--data-dir', dataDir],
      { stdin: 'password1234\n' },
    );
    expect(guessable.code).toBe(2);
    expect(guessable.err).toContain('PASSWORD_WEAK: 密码太容易被猜到');
    expect(guessable.err).toContain('too easy to guess');
    const argv = await cli(
      ['admin', 'create', '--email', 'a@example.com', '--organisation', 'X', '--password', 'x'],
      { stdin: '' },
    );
    expect(argv.code).toBe(2);
    expect(argv.err).toMatch(/password/i);
  });
});

describe('icpdesk db migrate and backup', () => {
  it('migrates, then makes a copy of the SQLite database that opens with the same data', async () => {
    const dataDir = join(tmp, 'backup-data');
    const m = await cli(['db', 'migrate', '--data-dir', dataDir]);
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/migrated .*icpdesk\.sqlite: 0001-initial/);
    expect((await cli(['db', 'migrate', '--data-dir', dataDir])).out).toMatch(/is up to date/);
    await cli(
      ['admin', 'create', '--email', 'b@example.com', '--organisation', '备份测试', '--data-dir', dataDir],
      {
        stdin: 'a long enough password\n',
      },
    );
    const target = join(tmp, 'copy', 'icpdesk.sqlite');
    const b = await cli(['backup', target, '--data-dir', dataDir]);
    expect(b.code, b.err).toBe(0);
    // the copy is a complete database: it is up to date and holds the owner
    const again = await cli(
      [
        'admin',
        'create',
        '--email',
        'b@example.com',
        '--organisation',
        '备份测试',
        '--data-dir',
        join(tmp, 'copy'),
      ],
      {
        stdin: 'a long enough password\n',
      },
    );
    expect(again.code).toBe(2);
    expect(again.err).toContain('EMAIL_TAKEN');
  });
  it('needs a target file', async () => {
    expect((await cli(['backup'])).err).toBe('icpdesk: usage: icpdesk backup <file> [--data-dir DIR]\n');
  });
});

describe('icpdesk help', () => {
  it('has a page for every command', async () => {
    for (const topic of [
      'assess',
      'compare',
      'impact',
      'checklist',
      'precheck',
      'explain',
      'serve',
      'db',
      'backup',
      'admin',
      'kb',
    ]) {
      const r = await cli(['help', topic]);
      expect(r.code, topic).toBe(0);
      expect(r.out, topic).toMatch(/^Usage: icpdesk /);
    }
    expect((await cli(['help', 'nope'])).code).toBe(2);
  });
});
