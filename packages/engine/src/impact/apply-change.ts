/** The profile after a proposed change, and which of its fields the change alters. */
import type { Profile } from '../profile.ts';
import type { ProposedChange } from '../schemas/impact.ts';

export interface Applied {
  profile: Profile;
  /** profile paths the change alters (none: it changes the company's records, not what the rules read) */
  fields: string[];
}

export function applyChange(before: Profile, c: ProposedChange): Applied {
  const p: Profile = structuredClone(before);
  p.entity ??= {};
  const entity = p.entity;
  const fields: string[] = [];
  const set = (path: string, changed: boolean) => {
    if (changed) fields.push(path);
  };
  switch (c.kind) {
    case 'new-activity':
      set('service.activities', !p.service.activities.includes(c.activity!));
      if (!p.service.activities.includes(c.activity!)) p.service.activities.push(c.activity!);
      break;
    case 'wider-coverage': {
      const next = c.coverage!.includes('nationwide')
        ? ['nationwide' as const]
        : [...new Set([...(p.service.coverage ?? []).filter((x) => x !== 'nationwide'), ...c.coverage!])];
      set('service.coverage', JSON.stringify(next) !== JSON.stringify(p.service.coverage));
      p.service.coverage = next as Profile['service']['coverage'];
      break;
    }
    case 'foreign-investment':
    case 'new-shareholder':
      if (c.foreignSharePercent !== undefined) {
        set('entity.foreignSharePercent', entity.foreignSharePercent !== c.foreignSharePercent);
        entity.foreignSharePercent = c.foreignSharePercent;
      }
      break;
    case 'servers-abroad': {
      const where = c.serverLocation ?? 'overseas';
      set('service.serverLocation', p.service.serverLocation !== where);
      p.service.serverLocation = where;
      break;
    }
    case 'rename':
      set('entity.name', entity.name !== c.name);
      entity.name = c.name!;
      break;
    case 'capital-reduction':
      set('entity.registeredCapitalCny', entity.registeredCapitalCny !== c.registeredCapitalCny);
      entity.registeredCapitalCny = c.registeredCapitalCny!;
      break;
    case 'new-domain':
      break;
  }
  return { profile: p, fields };
}
