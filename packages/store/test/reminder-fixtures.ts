/** Obligations for the reminder tests, made by the engine from fixture licences (no stored register needed). */
import { type ObligationsResult, obligations } from '@icpdesk/engine';
import { loadKb } from '@icpdesk/kb';

const kb = loadKb();

/** the obligations of `n` licences issued 2024-03-01 (the 2025 annual report is due 2026-03-31) */
export function fixtureObligations(n: number, asOf: string): ObligationsResult {
  const licences = Array.from({ length: n }, (_, i) => ({
    id: `licence-${i + 1}`,
    number: `浙B2-2024${String(i + 1).padStart(4, '0')}`,
    issuedOn: '2024-03-01',
    expiresOn: '2029-02-28',
  }));
  return obligations(kb, { licences, asOf });
}
