/**
 * Which templates to draft for an application: those of its licence and procedure in force on the date, for
 * the materials its checklist lists (unless ruled out by the applicant's facts). A template written as the
 * `alternative` a material allows (an undertaking instead of a proof) is drafted only when asked for. Asked-for
 * ids name a template or a material (all its templates); an id that names neither is returned as unknown.
 */
import { type DocumentTemplate, inForce, type Kb, type LicenceCode, type Procedure } from '@icpdesk/kb';
import { checklist } from '../checklist.ts';
import type { Profile } from '../profile.ts';

export interface TemplateChoice {
  licence: LicenceCode;
  scope?: 'internet' | 'non-internet';
  procedure: Procedure;
  asOf: string;
  profile?: Profile;
  /** template or material ids; all that apply when absent */
  only?: readonly string[];
}

export interface ChosenTemplates {
  templates: DocumentTemplate[];
  /** asked-for ids that name no template of this licence and procedure */
  unknown: string[];
}

export function chooseTemplates(kb: Kb, o: TemplateChoice): ChosenTemplates {
  const candidates = [...kb.templates.values()].filter(
    (t) =>
      inForce(t.effective, o.asOf) && t.licences.includes(o.licence) && t.procedures.includes(o.procedure),
  );
  if (o.only?.length) {
    const unknown = o.only.filter((id) => !candidates.some((t) => t.id === id || t.material === id));
    const templates = candidates.filter((t) => o.only!.some((id) => t.id === id || t.material === id));
    return { templates, unknown };
  }
  const list = checklist(kb, {
    licence: o.licence,
    ...(o.scope ? { scope: o.scope } : {}),
    procedure: o.procedure,
    asOf: o.asOf,
    ...(o.profile ? { profile: o.profile } : {}),
  });
  const listed = new Set(list.items.map((i) => i.id));
  return {
    templates: candidates.filter((t) => t.variant === 'document' && listed.has(t.material)),
    unknown: [],
  };
}
