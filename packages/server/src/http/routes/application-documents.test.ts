import { forEachDb, seedApplication, seedDocument } from '@icpdesk/store/testing';
import { expect, it } from 'vitest';
import { httpHarness } from '../../../test/http-harness.ts';

forEachDb('an application names only its own company’s documents', (t) => {
  const h = httpHarness(t);
  const URL = '/api/v1/applications';

  it('attaching another company’s document is 400 DOCUMENT_OF_OTHER_COMPANY, and its id never shows', async () => {
    const id = await seedApplication(t.db, h.orgA, h.linked, {
      state: 'accepted',
      submitted_on: '2026-03-02',
      accepted_on: '2026-03-05',
      clock: JSON.stringify({ corrections: [], pauses: [], lastOn: '2026-03-05' }),
    });
    const unlinkedDoc = await seedDocument(t.db, h.orgA, h.unlinked);
    const move = await h.call(h.as.owner, {
      method: 'POST',
      url: `${URL}/${id}/transitions`,
      payload: { to: 'approved', on: '2026-04-01', attachments: [unlinkedDoc] },
    });
    expect(move.statusCode).toBe(400);
    expect(move.json().code).toBe('DOCUMENT_OF_OTHER_COMPANY');
    const created = await h.call(h.as.owner, {
      method: 'POST',
      url: URL,
      payload: {
        companyId: h.linked,
        licenceCodes: ['B25:internet'],
        procedure: 'new',
        authority: 'CN-ZJ',
        checklist: { 'business-licence': { status: 'ready', documentIds: [unlinkedDoc] } },
      },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().code).toBe('DOCUMENT_OF_OTHER_COMPANY');
    // the client of the linked company sees nothing of the other company's document
    const events = await h.call(h.as.client, { url: `${URL}/${id}/events` });
    expect(events.statusCode).toBe(200);
    expect(events.body).not.toContain(unlinkedDoc);
  });
});
