import { loadKb } from '@icpdesk/kb';
import { expect, it } from 'vitest';
import { forEachDb } from '../test/db-harness.ts';
import { seedApplication, seedCompany, seedDocument, seedMember, seedOrganisation } from '../test/seed.ts';
import {
  createApplication,
  recordApplicationEvent,
  transitionApplication,
  updateApplication,
} from './applications/index.ts';
import type { Scope } from './scope.ts';

forEachDb('documents named by an application belong to its company', (t) => {
  const kb = loadKb();
  const setup = async () => {
    const org = await seedOrganisation(t.db);
    const scope: Scope = { organisationId: org, userId: await seedMember(t.db, org, 'owner'), role: 'owner' };
    const mine = await seedCompany(t.db, org, { uscc: null });
    const other = await seedCompany(t.db, org, { uscc: null });
    return {
      scope,
      mine,
      other,
      ownDoc: await seedDocument(t.db, org, mine),
      otherDoc: await seedDocument(t.db, org, other),
      inReview: await seedApplication(t.db, org, mine, {
        state: 'accepted',
        submitted_on: '2026-03-02',
        accepted_on: '2026-03-05',
        clock: JSON.stringify({ corrections: [], pauses: [], lastOn: '2026-03-05' }),
      }),
    };
  };
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (e: { code?: string }) => e.code,
    );
  const checklistWith = (doc: string) => ({
    'business-licence': { status: 'ready' as const, documentIds: [doc] },
  });
  const base = {
    licenceCodes: ['B25:internet'],
    procedure: 'new' as const,
    authority: 'CN-ZJ',
    today: '2026-04-02',
  };

  it('a new application: its checklist names only its company’s documents', async () => {
    const s = await setup();
    expect(
      await refusal(
        createApplication(t.db, kb, s.scope, {
          ...base,
          companyId: s.mine,
          checklist: checklistWith(s.otherDoc),
        }),
      ),
    ).toBe('DOCUMENT_OF_OTHER_COMPANY');
    const ok = await createApplication(t.db, kb, s.scope, {
      ...base,
      companyId: s.mine,
      checklist: checklistWith(s.ownDoc),
    });
    expect(ok.checklist).toEqual(checklistWith(s.ownDoc));
  });

  it('a patch: the checklist, and a draft moved to another company with documents of the first', async () => {
    const s = await setup();
    const draft = await createApplication(t.db, kb, s.scope, {
      ...base,
      companyId: s.mine,
      checklist: checklistWith(s.ownDoc),
    });
    const patch = (p: object) => refusal(updateApplication(t.db, kb, s.scope, draft.id, p));
    expect(await patch({ checklist: checklistWith(s.otherDoc) })).toBe('DOCUMENT_OF_OTHER_COMPANY');
    expect(await patch({ companyId: s.other })).toBe('DOCUMENT_OF_OTHER_COMPANY');
    // moving it together with a checklist of the new company's documents is fine
    expect(await patch({ companyId: s.other, checklist: checklistWith(s.otherDoc) })).toBe('accepted');
  });

  it('transitions and events: attachments only of the application’s company', async () => {
    const s = await setup();
    const day = { on: '2026-04-02', today: '2026-04-02' };
    const writes = [
      (attachments: string[]) =>
        transitionApplication(t.db, kb, s.scope, s.inReview, { to: 'approved', ...day, attachments }),
      (attachments: string[]) =>
        recordApplicationEvent(t.db, kb, s.scope, s.inReview, {
          kind: 'licence-issued',
          ...day,
          attachments,
        }),
    ];
    for (const write of writes) {
      expect(await refusal(write([s.otherDoc]))).toBe('DOCUMENT_OF_OTHER_COMPANY');
      expect(await refusal(write([s.ownDoc]))).toBe('accepted');
    }
  });
});
