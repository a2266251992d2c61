/** The company pages' reads: each tab's data for one company, in the page's language. */
import { api, call, type Schemas } from '../../api/client.ts';
import type { Lang } from '../../i18n.tsx';

export type Company = Schemas['Company'];

export const loadCompany = (id: string, lang: Lang) =>
  call(api.GET('/api/v1/companies/{id}', { params: { path: { id }, query: { lang } } }));

/** the fields a company's form shows, from the API's value (nulls as empty fields) */
export interface CompanyFields {
  name: string;
  uscc: string;
  legalRepresentative?: string;
  address?: string;
  registeredCapitalCny?: number | null;
  staffCount?: number | null;
  premisesAddress?: string;
  premisesAreaSqm?: number | null;
}

const num = (v: number | null | undefined) => (typeof v === 'number' ? v : undefined);

const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** the form's values as a create body: empty fields left out */
export function createBody(v: CompanyFields) {
  const legal = text(v.legalRepresentative);
  const address = text(v.address);
  const premises = text(v.premisesAddress);
  return {
    name: v.name.trim(),
    uscc: v.uscc.trim(),
    ...(legal ? { legalRepresentative: legal } : {}),
    ...(address ? { address } : {}),
    ...(typeof v.registeredCapitalCny === 'number' ? { registeredCapitalCny: v.registeredCapitalCny } : {}),
    ...(num(v.staffCount) !== undefined ? { staffCount: num(v.staffCount) } : {}),
    ...(premises ? { premisesAddress: premises } : {}),
    ...(num(v.premisesAreaSqm) !== undefined ? { premisesAreaSqm: num(v.premisesAreaSqm) } : {}),
  };
}

/** the form's values as a PATCH body: an emptied field becomes null */
export function patchBody(v: CompanyFields) {
  return {
    name: v.name.trim(),
    uscc: text(v.uscc) ?? null,
    legalRepresentative: text(v.legalRepresentative) ?? null,
    address: text(v.address) ?? null,
    registeredCapitalCny: typeof v.registeredCapitalCny === 'number' ? v.registeredCapitalCny : null,
    staffCount: num(v.staffCount) ?? null,
    premisesAddress: text(v.premisesAddress) ?? null,
    premisesAreaSqm: num(v.premisesAreaSqm) ?? null,
  };
}

/** a date-time as every page shows it (Beijing time) */
export { when } from '../../format-instant.ts';
