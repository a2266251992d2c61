/**
 * icpdesk command line. Exit codes: 0 success, 2 bad input (the message says what, where and how to fix it),
 * 1 internal error; precheck exits 3 when it finds blocking problems. No stack traces unless ICPDESK_DEBUG=1.
 * Commands are imported when they run, so that --version, help, assess or precheck never load the server,
 * the database drivers or the password hashing.
 */
import { readFileSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Kb } from '@icpdesk/kb';
import { CliError } from './errors.ts';
import type { Io } from './io.ts';

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const help: Record<string, string> = {
  main: `icpdesk ${version} — 增值电信业务许可合规工具 / compliance tool for China's value-added telecom licences

Usage: icpdesk <command> [options]

Commands:
  assess <file|->          which licences, filings and permits a business profile needs (JSON or YAML)
  assess --batch in.jsonl --out out.jsonl
                           one profile per line in, one result per line out (--out - for standard output)
  compare <a> <b>          what changes between two profiles (what-if)
  impact <profile> --change <change.yaml> [--register <register.yaml>]
                           what a proposed change means: licences, filings, checks, deadlines
  checklist --licence B25 --procedure new [--profile p.yaml]
                           the materials an application needs, with format, provider and source
  precheck <folder|zip>    check an application package before submitting it
  draft --company <file> | --application <id> [--material <id>] [--out <dir|x.zip|->]
                           the materials an application writes itself, drafted as DOCX from the company's data
  obligations <file|->     annual reports, renewals, changes, filings, numbers and display duties with their
                           due days, from a YAML or JSON register (see examples/obligations.yaml)
  explain <id>             a category, activity, permit, parameter, … with its sources and history
  serve [--port 8080]      the HTTP API (docs at /api/docs) on embedded SQLite under ./data, or PostgreSQL
                           when DATABASE_URL is set; also runs the reminder worker (--no-worker: not)
  worker                   the reminder worker alone: sends due reminders (e-mail, robots, in-app) once
  db migrate               bring the database schema up to date (serve also does this at start)
  backup <file>            a consistent copy of the SQLite database, also while the server runs
  admin create --email E --organisation NAME
                           the first owner; password from ICPDESK_ADMIN_PASSWORD or stdin
  kb validate              check every file of the knowledge base
  kb search <words>        find entries (Chinese or English), e.g. icpdesk kb search 多方通信
  help [command]           this text, or a command's options

Common options:
  --as-of YYYY-MM-DD       apply the law as of this date (default: today in China)
  --format text|json|markdown
  --lang zh|en             language of text output (default zh)

Exit codes: 0 success, 2 bad input, 1 internal error; precheck exits 3 when it finds blocking problems.
`,
  assess: `Usage: icpdesk assess <file|-> [--as-of YYYY-MM-DD] [--submit-on YYYY-MM-DD] [--format text|json|markdown] [--lang zh|en]
       icpdesk assess --batch in.jsonl --out out.jsonl|- [--detail summary|full] [--jobs N] [--as-of YYYY-MM-DD] [--lang zh|en]

The profile is JSON or YAML (see examples/profiles/). "-" reads standard input.
--submit-on sets the submission date of the timeline estimate (default: --as-of).
--detail full|summary: full results carry every text, source and timeline (about 30 KB each); summary
carries each conclusion with its rule ids and status. JSON output defaults to full, --batch to summary.
--jobs N runs a batch on N worker threads (default: one per core, up to 4, for inputs over 8 MB).
In batch mode every line is a JSON profile; every result is one JSON line, written to --out (- for
standard output); a bad line is reported on stderr with its line number, written as {"line":N,"error":{…}},
and the batch goes on. Exit 2 if any line was bad.
`,
  compare: `Usage: icpdesk compare <a> <b> [--as-of YYYY-MM-DD] [--format text|json] [--lang zh|en]

Assesses both profiles and prints what becomes required, what is no longer required and which checks change.
`,
  impact: `Usage: icpdesk impact <profile> --change <change.yaml> [--register <register.yaml>] [--as-of YYYY-MM-DD] [--format text|json] [--lang zh|en]

The change is JSON or YAML: { kind, on?, … } with kind one of new-activity (activity), wider-coverage
(coverage), foreign-investment (foreignSharePercent), servers-abroad (serverLocation?), rename (name),
capital-reduction (registeredCapitalCny), new-shareholder (shareholder?, foreignSharePercent?), new-domain
(domain); "on" is the day it takes effect, from which deadlines are counted. The register (optional) lists
what the company holds: { licences, icpFilings, appFilings, publicSecurityFilings, domains, servers }.
Prints the assessment before and after, what no longer fits, and what falls due by when, with its kb parameter.
`,
  draft: `Usage: icpdesk draft --company <file> [--licence B25] [--scope internet|non-internet] [--procedure new]
       icpdesk draft --application <id> [--data-dir data]
       [--material <id>]… [--out <folder|package.zip|->] [--as-of YYYY-MM-DD] [--format text|json] [--lang zh|en]

Drafts the materials an applicant writes itself (undertakings, business plan, security measures, …) from the
templates in kb/templates/, as DOCX files in Chinese: one per template that applies to the licence and
procedure (--material <template or material id>, repeatable, picks some). Facts without a value are left
as highlighted 【待补充：…】 gaps and listed with where to provide them.
--company: an application.yaml (see docs/PACKAGE.md) in which anything but applicant.name may be missing,
with optional contacts (name, role, phone, email), authority (MIIT or CN-XX) and facts (values by fact id,
kb/templates/facts.yaml); --licence, --scope and --procedure override its licence.
--application: a stored application (SQLite in --data-dir, or DATABASE_URL), its company and register; the
drafts are also stored as documents of the application (new versions of earlier drafts, audited as cli:<user>),
all or none: when storing fails, the files written are removed again.
--out: a folder (default ./drafts), or a .zip for the whole package: application.yaml, the drafts and the
uploaded documents (the application's, or those the company file lists, packed instead of the drafts of their
materials), which icpdesk precheck reads (drafts are reported as unsigned); - writes that zip to standard
output and the report to standard error.
Exit codes: 0 drafted, 2 bad input (NO_TEMPLATES, UNKNOWN_MATERIAL, PACKAGE_INCOMPLETE naming the missing
application.yaml fields, …), 1 internal error.
`,
  explain: `Usage: icpdesk explain <id> [--format text|json] [--lang zh|en]

<id> is a licence category (B25), activity (live-streaming-tipping), permit (internet-culture), filing
(icp-filing), parameter (review-days), authority (CN-GD, MIIT), pitfall, question, rule or source id.
`,
  checklist: `Usage: icpdesk checklist --licence <code> --procedure new|change|renewal|cancellation|annual-report
         [--scope internet|non-internet] [--profile p.yaml] [--as-of YYYY-MM-DD] [--format text|json|markdown] [--lang zh|en]

The items come from kb/materials.yaml. With --profile, items that depend on the applicant (foreign
investment, pre-approvals, websites) are included or marked as depending on a missing fact.
`,
  precheck: `Usage: icpdesk precheck <folder|file.zip> [--as-of YYYY-MM-DD] [--format text|json|markdown] [--lang zh|en]

The package holds application.yaml (see examples/packages/) and the files it lists. Findings have a
severity (error, warning, info), the manifest path they concern, a fix and a source.
Exit codes: 0 no blocking problem (warnings and notes may remain), 3 blocking problems found (findings of
severity error), 2 the package cannot be read or its application.yaml is invalid, 1 internal error.
`,
  obligations: `Usage: icpdesk obligations <file|-> [--as-of YYYY-MM-DD] [--status S[,S…]] [--kind K[,K…]]
         [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format text|json|markdown] [--lang zh|en]

The file (JSON or YAML, "-" for standard input; see examples/obligations.yaml) lists licences, filings
(icp, app, public-security), numbers, company events and annual-report records, each with your own id;
completions and waivers mark obligations done or waived by obligation id. Rules and day counts come
from kb/obligations.yaml and kb/parameters.yaml; a due day on a rest day moves as its rule says, and one in
a year without a State Council holiday notice is marked as an estimate.
--status upcoming,open,due-soon,overdue,done,waived   --kind annual-report,renewal,expiry,change,
filing-change,filing-cancellation,app-filing,public-security-filing,number-annual-report,number-fee,
number-use,display   --from/--to keep those due (standing duties: opened) within the dates.

       icpdesk obligations --organisation <id|name> [--company ID] [--data-dir data] [options as above]
reads the stored register of an organisation instead (SQLite in <data-dir>, or DATABASE_URL), as
GET /api/v1/obligations does: licences, filings, numbers, annual reports, renewal and change
applications, and company changes recorded in the audit log.
`,
  serve: `Usage: icpdesk serve [--port 8080] [--host 127.0.0.1] [--data-dir data] [--no-worker]

Serves the HTTP API (OpenAPI at /api/openapi.json, docs at /api/docs). Embedded SQLite in <data-dir>
unless DATABASE_URL=postgres://… is set; migrations run at start. Environment: PORT, HOST, LOG_LEVEL,
ICPDESK_RATE_LIMIT (anonymous requests per minute per client; 0 = off), ICPDESK_TRUST_PROXY (behind reverse
proxies: their addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8; X-Forwarded-For is believed from these
only), ICPDESK_PG_NAMED_STATEMENTS=0 behind a pooler. Several servers may share one PostgreSQL database:
see docs/DEPLOY.md. The reminder worker (see icpdesk help worker) runs in the server process unless
--no-worker or ICPDESK_WORKER=0.
`,
  worker: `Usage: icpdesk worker [--data-dir data] [--kb DIR]

The reminder worker alone: each round (ICPDESK_WORKER_POLL_MS, default 60000) it enqueues the reminders due
today under each organisation's notification settings (one per obligation, reminder step, channel and
recipient, never twice) and sends them by e-mail, WeCom, DingTalk and Feishu robots and in-app, with retries
and backoff. Any number of workers may share a PostgreSQL database (DATABASE_URL); on SQLite one works at a
time. Stops on SIGINT/SIGTERM after its round.
`,
  db: `Usage: icpdesk db migrate [--data-dir data]

Brings the database (SQLite in <data-dir>, or DATABASE_URL) up to date; safe to run again.
`,
  backup: `Usage: icpdesk backup <file> [--data-dir data]

A consistent copy of the embedded SQLite database, also while the server runs. For PostgreSQL use pg_dump.

Uploaded documents are files under <data-dir>/documents, never changed once written (named by version and
SHA-256). Copy that folder after the database (for example rsync -a data/documents/ backup/documents/), so
that every document the database copy lists is there. To restore, put the copy back as
<data-dir>/icpdesk.sqlite and the folder as <data-dir>/documents.
`,
  admin: `Usage: icpdesk admin create --email <e-mail> --organisation <name> [--data-dir DIR]

Creates a user, an organisation and the user's owner membership. The password is read from the
environment variable ICPDESK_ADMIN_PASSWORD, or else from standard input (one line), e.g.
  printf '%s\\n' "$PASSWORD" | icpdesk admin create --email me@example.com --organisation 示例咨询
It is never taken from the command line. Rules: at least 12 characters, not the e-mail address, and
not easy to guess (no common password, keyboard run, repeat, pattern, date or word of the e-mail; several
unrelated words are good). DATABASE_URL selects PostgreSQL, as for icpdesk serve.
`,
  kb: `Usage: icpdesk kb validate
       icpdesk kb search <words…> [--format text|json] [--lang zh|en]
`,
};

function parse<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true } as const);
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new CliError('USAGE', `${msg} (see icpdesk help)`);
  }
}

const common = {
  'as-of': { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
  kb: { type: 'string' },
  help: { type: 'boolean' },
} as const;

export async function run(argv: string[], given?: Io): Promise<number> {
  let io = given;
  const err = (s: string) => (io ? io.err(s) : process.stderr.write(s));
  try {
    const text = helpOrVersion(argv);
    if (text !== undefined) {
      if (given) given.out(text);
      else process.stdout.write(text);
      return 0;
    }
    io ??= (await import('./io.ts')).processIo();
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof CliError) {
      err(`icpdesk: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof Error && e.name === 'KbLoadError') {
      err(`icpdesk: internal error: ${e.message}\n(run icpdesk kb validate)\n`);
      return 1;
    }
    err(`icpdesk: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.ICPDESK_DEBUG === '1') err(`${(e as Error)?.stack ?? ''}\n`);
    else err('(set ICPDESK_DEBUG=1 for details; please report this)\n');
    return 1;
  }
}

/** The text of icpdesk help [topic] and --version, answered before any command's code is loaded. */
function helpOrVersion([cmd, topic]: string[]): string | undefined {
  if (cmd === '--version' || cmd === '-v') return `${version}\n`;
  if (cmd !== undefined && cmd !== 'help' && cmd !== '--help' && cmd !== '-h') return undefined;
  const t = cmd === 'help' ? topic : undefined;
  if (t && !help[t])
    throw new CliError(
      'USAGE',
      `no help for "${t}"; commands: assess, compare, impact, checklist, precheck, draft, obligations, explain, serve, worker, db, backup, admin, kb`,
    );
  return help[t ?? 'main']!;
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  let cached: Kb | undefined;
  const kbAt = async (dir: string | undefined) => {
    const { loadKb } = await import('@icpdesk/kb');
    return () => {
      cached ??= loadKb(dir);
      return cached;
    };
  };
  switch (cmd) {
    case 'assess': {
      const { values: v, positionals: p } = parse(rest, {
        ...common,
        'submit-on': { type: 'string' },
        detail: { type: 'string' },
        jobs: { type: 'string' },
        batch: { type: 'string' },
        out: { type: 'string' },
      });
      if (v.help) {
        io.out(help.assess!);
        return 0;
      }
      if (p.length > 1)
        throw new CliError('USAGE', `assess takes one profile, got ${p.length}: ${p.join(' ')}`);
      const { assessCommand } = await import('./commands/assess.ts');
      return assessCommand(io, await kbAt(v.kb), {
        input: p[0],
        batch: v.batch,
        out: v.out,
        asOf: v['as-of'],
        submitOn: v['submit-on'],
        format: v.format,
        lang: v.lang,
        detail: v.detail,
        jobs: v.jobs,
        kbDir: v.kb ?? (await import('@icpdesk/kb')).defaultKbDir(),
      });
    }
    case 'impact': {
      const { values: v, positionals: p } = parse(rest, {
        ...common,
        change: { type: 'string' },
        register: { type: 'string' },
      });
      if (v.help) {
        io.out(help.impact!);
        return 0;
      }
      if (p.length !== 1) throw new CliError('USAGE', `impact takes one profile, got ${p.length}`);
      const { impactCommand } = await import('./commands/impact.ts');
      return impactCommand(io, await kbAt(v.kb), {
        profile: p[0]!,
        change: v.change,
        register: v.register,
        asOf: v['as-of'],
        format: v.format,
        lang: v.lang,
      });
    }
    case 'compare': {
      const { values: v, positionals: p } = parse(rest, common);
      if (v.help) {
        io.out(help.compare!);
        return 0;
      }
      if (p.length !== 2) throw new CliError('USAGE', `compare takes two profiles, got ${p.length}`);
      const { compareCommand } = await import('./commands/assess.ts');
      return compareCommand(io, await kbAt(v.kb), {
        left: p[0],
        right: p[1],
        asOf: v['as-of'],
        format: v.format,
        lang: v.lang,
      });
    }
    case 'checklist': {
      const { values: v, positionals: p } = parse(rest, {
        ...common,
        licence: { type: 'string' },
        scope: { type: 'string' },
        procedure: { type: 'string' },
        profile: { type: 'string' },
      });
      if (v.help) {
        io.out(help.checklist!);
        return 0;
      }
      if (p.length) throw new CliError('USAGE', `checklist takes options only, got: ${p.join(' ')}`);
      const { checklistCommand } = await import('./commands/checklist.ts');
      return checklistCommand(io, await kbAt(v.kb), {
        licence: v.licence,
        scope: v.scope,
        procedure: v.procedure,
        profile: v.profile,
        asOf: v['as-of'],
        format: v.format,
        lang: v.lang,
      });
    }
    case 'precheck': {
      const { values: v, positionals: p } = parse(rest, common);
      if (v.help) {
        io.out(help.precheck!);
        return 0;
      }
      if (p.length > 1) throw new CliError('USAGE', `precheck takes one package, got ${p.length}`);
      const { precheckCommand } = await import('./commands/precheck.ts');
      return precheckCommand(io, await kbAt(v.kb), {
        path: p[0],
        asOf: v['as-of'],
        format: v.format,
        lang: v.lang,
      });
    }
    case 'draft': {
      const { values: v, positionals: p } = parse(rest, {
        ...common,
        company: { type: 'string' },
        application: { type: 'string' },
        'data-dir': { type: 'string' },
        licence: { type: 'string' },
        scope: { type: 'string' },
        procedure: { type: 'string' },
        material: { type: 'string', multiple: true },
        out: { type: 'string' },
      });
      if (v.help) {
        io.out(help.draft!);
        return 0;
      }
      if (p.length) throw new CliError('USAGE', `draft takes no positional arguments, got: ${p.join(' ')}`);
      const { draftCommand } = await import('./commands/draft.ts');
      return draftCommand(io, await kbAt(v.kb), {
        company: v.company,
        application: v.application,
        dataDir: v['data-dir'],
        licence: v.licence,
        scope: v.scope,
        procedure: v.procedure,
        material: v.material,
        out: v.out,
        asOf: v['as-of'],
        format: v.format,
        lang: v.lang,
      });
    }
    case 'obligations': {
      const { values: v, positionals: p } = parse(rest, {
        ...common,
        status: { type: 'string' },
        kind: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        organisation: { type: 'string' },
        company: { type: 'string' },
        'data-dir': { type: 'string' },
      });
      if (v.help) {
        io.out(help.obligations!);
        return 0;
      }
      if (p.length > 1) throw new CliError('USAGE', `obligations takes one file, got ${p.length}`);
      const { obligationsCommand } = await import('./commands/obligations.ts');
      return obligationsCommand(io, await kbAt(v.kb), {
        input: p[0],
        asOf: v['as-of'],
        status: v.status,
        kind: v.kind,
        from: v.from,
        to: v.to,
        format: v.format,
        lang: v.lang,
        organisation: v.organisation,
        company: v.company,
        dataDir: v['data-dir'],
      });
    }
    case 'serve': {
      const { values: v, positionals: p } = parse(rest, {
        ...common,
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-worker': { type: 'boolean' },
      });
      if (p.length) throw new CliError('USAGE', `serve takes options only, got: ${p.join(' ')}`);
      const { serveCommand } = await import('./commands/server.ts');
      return serveCommand(io, {
        port: v.port,
        host: v.host,
        dataDir: v['data-dir'],
        kbDir: v.kb,
        noWorker: v['no-worker'],
      });
    }
    case 'worker': {
      const { values: v, positionals: p } = parse(rest, { ...common, 'data-dir': { type: 'string' } });
      if (p.length) throw new CliError('USAGE', `worker takes options only, got: ${p.join(' ')}`);
      const { workerCommand } = await import('./commands/worker.ts');
      return workerCommand(io, { dataDir: v['data-dir'], kbDir: v.kb });
    }
    case 'db': {
      const [sub, ...more] = rest;
      const { values: v, positionals: p } = parse(more, { ...common, 'data-dir': { type: 'string' } });
      if (sub !== 'migrate' || p.length)
        throw new CliError('USAGE', 'usage: icpdesk db migrate [--data-dir DIR]');
      const { migrateCommand } = await import('./commands/server.ts');
      return migrateCommand(io, { dataDir: v['data-dir'] });
    }
    case 'backup': {
      const { values: v, positionals: p } = parse(rest, { ...common, 'data-dir': { type: 'string' } });
      if (p.length !== 1) throw new CliError('USAGE', 'usage: icpdesk backup <file> [--data-dir DIR]');
      const { backupCommand } = await import('./commands/server.ts');
      return backupCommand(io, { file: p[0], dataDir: v['data-dir'] });
    }
    case 'admin': {
      const [sub, ...more] = rest;
      if (more.some((w) => /^--?password(=|$)/.test(w)))
        throw new CliError(
          'USAGE',
          'the password is never taken from the command line: set ICPDESK_ADMIN_PASSWORD or pipe it on standard input',
        );
      const { values: v, positionals: p } = parse(more, {
        ...common,
        email: { type: 'string' },
        organisation: { type: 'string' },
        'data-dir': { type: 'string' },
      });
      if (v.help || sub !== 'create' || p.length) {
        io.out(help.admin!);
        return v.help && sub === 'create' ? 0 : 2;
      }
      const { adminCreateCommand } = await import('./commands/admin.ts');
      return adminCreateCommand(io, { email: v.email, organisation: v.organisation, dataDir: v['data-dir'] });
    }
    case 'explain': {
      const { values: v, positionals: p } = parse(rest, common);
      if (v.help) {
        io.out(help.explain!);
        return 0;
      }
      if (p.length > 1) throw new CliError('USAGE', `explain takes one id, got ${p.length}: ${p.join(' ')}`);
      const { explainCommand } = await import('./commands/explain.ts');
      return explainCommand(io, (await kbAt(v.kb))(), { id: p[0], format: v.format, lang: v.lang });
    }
    case 'kb': {
      const [sub, ...more] = rest;
      const { values: v, positionals: p } = parse(more, common);
      if (v.help || sub === undefined) {
        io.out(help.kb!);
        return sub === undefined ? 2 : 0;
      }
      const { searchCommand, validateCommand } = await import('./commands/kb.ts');
      if (sub === 'validate') {
        if (p.length) throw new CliError('USAGE', `kb validate takes no arguments, got: ${p.join(' ')}`);
        return validateCommand(io, v.kb);
      }
      if (sub === 'search')
        return searchCommand(io, (await kbAt(v.kb))(), { words: p, format: v.format, lang: v.lang });
      throw new CliError('USAGE', `unknown kb command "${sub}"; use kb validate or kb search`);
    }
    default:
      throw new CliError(
        'USAGE',
        `unknown command "${cmd}"; commands: assess, compare, impact, checklist, precheck, draft, obligations, explain, serve, worker, db, backup, admin, kb, help`,
      );
  }
}
