/** What to do about an import row error, by its code (the message says what is wrong; this, how to fix it). */
import type { MessageId } from '../../messages.ts';

export function fixFor(code: string): MessageId {
  if (code.endsWith('REQUIRED')) return 'fix_REQUIRED';
  if (code === 'DUPLICATE_IN_FILE') return 'fix_DUPLICATE';
  if (code.endsWith('_TAKEN')) return 'fix_TAKEN';
  if (code.startsWith('USCC')) return 'fix_USCC';
  if (code.startsWith('COLUMN_')) return 'fix_COLUMN';
  if (code.startsWith('DATE') || code.includes('_DATE')) return 'fix_DATE';
  if (code === 'FIELD_TYPE' || code.startsWith('MONEY_') || code === 'CELL_NUMBER_NOT_TEXT')
    return 'fix_FIELD_TYPE';
  if (code.endsWith('_TOO_LONG')) return 'fix_TOO_LONG';
  if (code.endsWith('_NOT_FOUND')) return 'fix_NOT_FOUND';
  if (code.endsWith('_UNKNOWN')) return 'fix_VALUE';
  if (code.startsWith('DOMAIN_')) return 'fix_DOMAIN';
  return 'fix_OTHER';
}
