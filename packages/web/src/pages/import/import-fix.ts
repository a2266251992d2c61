/** What to do about an import row error, by its code (the message says what is wrong; this, how to fix it). */
import type { MessageId } from '../../messages.ts';

export function fixFor(code: string): MessageId {
  if (code === 'REQUIRED') return 'fix_REQUIRED';
  if (code.endsWith('_TAKEN')) return 'fix_TAKEN';
  if (code.startsWith('USCC_')) return 'fix_USCC';
  if (code.startsWith('COLUMN_')) return 'fix_COLUMN';
  if (code.startsWith('DATE') || code.includes('_DATE')) return 'fix_DATE';
  if (code === 'FIELD_TYPE') return 'fix_FIELD_TYPE';
  if (code === 'FIELD_TOO_LONG') return 'fix_TOO_LONG';
  if (code.endsWith('_NOT_FOUND')) return 'fix_NOT_FOUND';
  if (code.endsWith('_UNKNOWN')) return 'fix_VALUE';
  if (code.startsWith('DOMAIN_')) return 'fix_DOMAIN';
  return 'fix_OTHER';
}
