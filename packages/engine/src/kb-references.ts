/**
 * The one check of what an application or a licence names in the knowledge base: licence codes against the
 * classification catalogue, the authority against kb/authorities.yaml, checklist items against
 * kb/materials.yaml. One set of codes (engine errors.ts) for the API's applications and licences and the
 * import of a spreadsheet:
 *
 * - codes: a catalogue category, with a scope exactly where the category has scopes ("B25:internet",
 *   "B11"), none twice — CODE_UNKNOWN, CODE_SCOPE_REQUIRED, CODE_SCOPE_UNKNOWN, CODE_REPEATED;
 * - authority: an id of kb/authorities.yaml — AUTHORITY_UNKNOWN;
 * - materials: ids of kb/materials.yaml — MATERIAL_UNKNOWN.
 *
 * Values are checked as given; a caller that accepts "b25:Internet" normalises first (normaliseCode).
 */
import type { Kb, Text } from '@icpdesk/kb';
import type { EngineErrorCode } from './errors.ts';

export interface KbReferences {
  codes?: readonly string[] | undefined;
  authority?: string | null | undefined;
  materials?: readonly string[] | undefined;
}

export interface KbReferenceIssue {
  field: 'codes' | 'authority' | 'materials';
  /** codes: the position of the code in the list */
  index?: number;
  /** the value refused */
  value: string;
  code: Extract<
    EngineErrorCode,
    | 'CODE_UNKNOWN'
    | 'CODE_SCOPE_REQUIRED'
    | 'CODE_SCOPE_UNKNOWN'
    | 'CODE_REPEATED'
    | 'AUTHORITY_UNKNOWN'
    | 'MATERIAL_UNKNOWN'
  >;
  message: Text;
}

const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 39)}…` : s);

/** "b25:Internet " → "B25:internet": the category upper case, the scope lower case */
export function normaliseCode(code: string): string {
  const [cat = '', scope] = code.normalize('NFKC').trim().split(':');
  const c = cat.trim().toUpperCase();
  return scope === undefined ? c : `${c}:${scope.trim().toLowerCase()}`;
}

/** the issue of one licence code against the catalogue, or undefined when it is a code of it */
function codeIssue(kb: Kb, value: string, index: number): KbReferenceIssue | undefined {
  const [cat = '', scope, ...rest] = value.split(':');
  const category = kb.categories.get(cat as never);
  const at = { field: 'codes', index, value } as const;
  if (!category || rest.length) {
    const valid = [...kb.categories.keys()].join(', ');
    return {
      ...at,
      code: 'CODE_UNKNOWN',
      message: {
        zh: `业务种类 ${show(value)} 不在知识库的分类目录中；有效代码：${valid}（有范围的写作 B25:internet）`,
        en: `the service code ${show(value)} is not in the kb catalogue; valid: ${valid} (with a scope where there are scopes: B25:internet)`,
      },
    };
  }
  const scopes = (category.scopes ?? []).map((s) => s.id as string);
  if (scopes.length && scope === undefined)
    return {
      ...at,
      code: 'CODE_SCOPE_REQUIRED',
      message: {
        zh: `${cat} 须指明业务范围：${scopes.map((s) => `${cat}:${s}`).join(' 或 ')}`,
        en: `${cat} needs a scope: ${scopes.map((s) => `${cat}:${s}`).join(' or ')}`,
      },
    };
  if (scope !== undefined && !scopes.includes(scope))
    return {
      ...at,
      code: 'CODE_SCOPE_UNKNOWN',
      message: scopes.length
        ? {
            zh: `${cat} 没有范围 ${show(scope)}；可选 ${scopes.join('、')}`,
            en: `${cat} has no scope ${show(scope)}; the scopes are ${scopes.join(', ')}`,
          }
        : { zh: `${cat} 不分范围；请只写 ${cat}`, en: `${cat} has no scopes; write ${cat} alone` },
    };
  return undefined;
}

function codeIssues(kb: Kb, codes: readonly string[]): KbReferenceIssue[] {
  const seen = new Set<string>();
  return codes.flatMap((value, index) => {
    const issue =
      codeIssue(kb, value, index) ??
      (seen.has(value)
        ? ({
            field: 'codes',
            index,
            value,
            code: 'CODE_REPEATED',
            message: { zh: `${show(value)} 重复列出`, en: `${show(value)} is listed twice` },
          } as const)
        : undefined);
    seen.add(value);
    return issue ? [issue] : [];
  });
}

const materialIds = new WeakMap<Kb, Set<string>>();

function materialIssues(kb: Kb, ids: readonly string[]): KbReferenceIssue[] {
  let known = materialIds.get(kb);
  if (!known) {
    known = new Set(kb.materials.map((m) => m.id));
    materialIds.set(kb, known);
  }
  const have = known;
  return ids
    .filter((id) => !have.has(id))
    .map((id) => ({
      field: 'materials',
      value: id,
      code: 'MATERIAL_UNKNOWN',
      message: {
        zh: `kb/materials.yaml 中没有材料 ${show(id)}`,
        en: `no material ${show(id)} in kb/materials.yaml`,
      },
    }));
}

/** what is wrong with the kb references given (nothing given, nothing checked); [] when all are known */
export function checkKbReferences(kb: Kb, refs: KbReferences): KbReferenceIssue[] {
  const issues = refs.codes ? codeIssues(kb, refs.codes) : [];
  const authority = refs.authority;
  if (authority != null && !kb.authorities.has(authority))
    issues.push({
      field: 'authority',
      value: authority,
      code: 'AUTHORITY_UNKNOWN',
      message: {
        zh: `发证机关 ${show(authority)} 不在知识库中；请填写 MIIT 或省级通信管理局代码，如 CN-GD`,
        en: `the authority ${show(authority)} is not in the kb; give MIIT or a provincial administration's code such as CN-GD`,
      },
    });
  if (refs.materials) issues.push(...materialIssues(kb, refs.materials));
  return issues;
}
