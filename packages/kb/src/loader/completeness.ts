/** The kb covers what the law lists: every licence category, MIIT and the 31 provinces, every permit. */
import * as s from '../schema.ts';
import type { Issues } from './issues.ts';
import type { ParsedKb } from './parse-kb.ts';
import type { Indexes } from './unique-ids.ts';

export function checkCompleteness({ data }: ParsedKb, idx: Indexes, issues: Issues): void {
  if (data.catalogue) {
    for (const code of s.licenceCode.options)
      if (!idx.categories.has(code))
        issues.add('KB_INCOMPLETE', 'catalogue.yaml', ['categories'], `category ${code} is missing`);
  }
  if (data.authorities && !idx.authorities.has('MIIT'))
    issues.add('KB_INCOMPLETE', 'authorities.yaml', ['authorities'], 'MIIT is missing');
  if (
    data.authorities &&
    [...idx.authorities.values()].filter((a) => a.kind === 'provincial-ca').length !== 31
  )
    issues.add(
      'KB_INCOMPLETE',
      'authorities.yaml',
      ['authorities'],
      'expected the 31 provincial communications administrations',
    );
  if (data.permits) {
    for (const id of s.permitId.options)
      if (!idx.permits.has(id))
        issues.add('KB_INCOMPLETE', 'permits.yaml', ['permits'], `permit ${id} is missing`);
  }
}
