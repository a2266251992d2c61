/**
 * storeDrafts: several drafts in one transaction — new series, then new versions of them — each audited; a
 * failure mid-way (a trigger refusing the second row) leaves no row, no audit row and no file behind.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  failDocumentsAfter,
  forEachDb,
  seedApplication,
  seedCompany,
  seedOrganisation,
} from '../../test/index.ts';
import { DocumentFiles } from '../files.ts';
import { OPERATOR_ID, type Scope } from '../scope.ts';
import { DOCX_TYPE, storeDrafts } from './documents.ts';

/** every file under `dir` */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });

const drafts = (tag: string) =>
  ['commitment-letter', 'security-measures', 'business-plan'].map((m) => ({
    checklistItem: m,
    fileName: `${m}.docx`,
    data: new TextEncoder().encode(`${tag}:${m}`),
  }));

forEachDb('store drafts', (t) => {
  const setup = async () => {
    const org = await seedOrganisation(t.db);
    const app = await seedApplication(t.db, org, await seedCompany(t.db, org));
    const scope: Scope = { organisationId: org, userId: OPERATOR_ID, role: 'owner', actorLabel: 'cli:test' };
    return { org, app, scope, files: new DocumentFiles(join(t.dir, 'files')) };
  };
  const rowsOf = async (app: string) => ({
    documents: await t.db.kysely
      .selectFrom('documents')
      .selectAll()
      .where('application_id', '=', app)
      .execute(),
    audit: await t.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'documents')
      .where('after', 'like', `%${app}%`)
      .execute(),
  });

  describe('in one transaction', () => {
    it('stores each draft as a document of the application, then as new versions; audited as the operator', async () => {
      const { app, scope, files } = await setup();
      const first = await storeDrafts(t.db, files, scope, app, drafts('one'));
      expect(first.map((d) => [d.checklistItem, d.version, d.contentType])).toEqual(
        drafts('one').map((d) => [d.checklistItem, 1, DOCX_TYPE]),
      );
      const again = await storeDrafts(t.db, files, scope, app, drafts('two'));
      expect(again.map((d) => d.version)).toEqual([2, 2, 2]);
      expect(again.map((d) => d.seriesId)).toEqual(first.map((d) => d.seriesId));
      const { documents, audit } = await rowsOf(app);
      expect(documents).toHaveLength(6);
      expect(documents.every((d) => d.uploaded_by === null)).toBe(true);
      expect(audit.map((a) => [a.action, a.actor_id, a.actor_label])).toEqual(
        Array.from({ length: 6 }, () => ['create', null, 'cli:test']),
      );
    });

    it('a failure mid-way leaves nothing behind: no row, no audit row, no file', async () => {
      const { app, scope, files } = await setup();
      const before = filesUnder(t.dir).length;
      const undo = await failDocumentsAfter(t.db, 1);
      try {
        await expect(storeDrafts(t.db, files, scope, app, drafts('x'))).rejects.toThrow(/injected failure/);
      } finally {
        await undo();
      }
      const { documents, audit } = await rowsOf(app);
      expect(documents).toEqual([]);
      expect(audit).toEqual([]);
      expect(filesUnder(t.dir)).toHaveLength(before);
      // and afterwards it works
      expect(await storeDrafts(t.db, files, scope, app, drafts('y'))).toHaveLength(3);
    });
  });
});
