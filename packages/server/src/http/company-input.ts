/**
 * A company's shareholder tree and contact people from a request body, validated by the engine:
 *
 * - shareholders: exactly the tree the manifest's `applicant.shareholders` takes (engine `Shareholder`:
 *   name, kind, country, percent, and a company's own shareholders below it), checked with the engine's
 *   own schema so that a stored tree is one precheck and `foreignShare` read the same way. An empty list
 *   clears it. Before the schema runs, the tree's size is bounded (nodes and depth) so that a deep or huge
 *   body is a 400, not a stack overflow. Errors: 400 INVALID_SHAREHOLDERS with a path per problem.
 * - contacts: { name, role?, phone?, email? }; phone numbers and e-mail addresses are checked (and stored
 *   normalised) by the engine's validatePhone / validateEmail. Errors: 400 INVALID_CONTACT with the
 *   validator's code and path.
 */
import { manifestSchema, type Shareholder, validateEmail, validatePhone, zodIssues } from '@icpdesk/engine';
import type { Contact } from '@icpdesk/store';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpProblem, langOf } from './problems.ts';
import { text } from './route-kit.ts';

/** holders in the whole tree, at most */
export const MAX_SHAREHOLDER_NODES = 500;
/** layers of the tree, at most (the applicant's holders are layer 1) */
export const MAX_SHAREHOLDER_DEPTH = 12;
export const MAX_CONTACTS = 50;

/** the engine's schema of one holder (recursive), as the manifest uses it */
const holderSchema = manifestSchema.shape.applicant.shape.shareholders.element;
const treeSchema = z.array(holderSchema);

export const shareholdersBody = z
  .array(z.unknown())
  .max(MAX_SHAREHOLDER_NODES)
  .describe(
    'the shareholder tree, as application.yaml’s applicant.shareholders: [{ name, kind: natural-person | company | state, country: ISO 3166-1 alpha-2, percent, shareholders?: [...] }]; [] clears it',
  );

export const contactBody = z.strictObject({
  name: text(100),
  role: text(100).optional(),
  phone: z.string().max(64).optional().describe('a mainland China mobile, landline or 400/800 number'),
  email: z.string().max(320).optional(),
});
export const contactsBody = z.array(contactBody).max(MAX_CONTACTS);

/** holders and layers of a tree, counted without recursion (the input is untrusted) */
function treeSize(value: readonly unknown[]): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const stack: [unknown, number][] = value.map((v) => [v, 1]);
  while (stack.length) {
    const [node, d] = stack.pop()!;
    nodes++;
    depth = Math.max(depth, d);
    if (nodes > MAX_SHAREHOLDER_NODES || depth > MAX_SHAREHOLDER_DEPTH) break;
    const below = (node as { shareholders?: unknown } | null)?.shareholders;
    if (typeof node === 'object' && node !== null && Array.isArray(below))
      for (const b of below) stack.push([b, d + 1]);
  }
  return { nodes, depth };
}

export function checkedShareholders(req: FastifyRequest, value: readonly unknown[]): Shareholder[] {
  const lang = langOf(req);
  const size = treeSize(value);
  if (size.nodes > MAX_SHAREHOLDER_NODES || size.depth > MAX_SHAREHOLDER_DEPTH) {
    const message =
      lang === 'zh'
        ? `股东结构最多 ${MAX_SHAREHOLDER_DEPTH} 层、${MAX_SHAREHOLDER_NODES} 个股东`
        : `a shareholder tree has at most ${MAX_SHAREHOLDER_DEPTH} layers and ${MAX_SHAREHOLDER_NODES} holders`;
    throw new HttpProblem('INVALID_SHAREHOLDERS', message, [
      { path: 'body.shareholders', code: 'TOO_LARGE', message },
    ]);
  }
  const r = treeSchema.safeParse(value);
  if (r.success) return r.data;
  const issues = zodIssues(treeSchema, value, r.error);
  throw new HttpProblem(
    'INVALID_SHAREHOLDERS',
    issues.map((i) => i.message[lang]).join('; '),
    issues.map((i) => ({
      path: `body.shareholders${i.path.startsWith('[') || !i.path ? '' : '.'}${i.path}`,
      code: i.code,
      message: i.detail[lang],
    })),
  );
}

export function checkedContacts(req: FastifyRequest, value: z.infer<typeof contactsBody>): Contact[] {
  const lang = langOf(req);
  const errors: { path: string; code: string; message: string }[] = [];
  const out = value.map((c, i) => {
    const contact: Contact = { name: c.name };
    if (c.role !== undefined) contact.role = c.role;
    for (const [field, validate] of [
      ['phone', validatePhone],
      ['email', validateEmail],
    ] as const) {
      const v = c[field];
      if (v === undefined) continue;
      const r = validate(v);
      if (r.ok && r.value !== undefined) contact[field] = r.value;
      else errors.push({ path: `body.contacts[${i}].${field}`, code: r.code, message: r.message[lang] });
    }
    return contact;
  });
  if (errors.length)
    throw new HttpProblem('INVALID_CONTACT', errors.map((e) => e.message).join('; '), errors);
  return out;
}
