/** Error catalogue of @icpdesk/draft: stable codes, messages in Chinese and English. */
import type { Text } from '@icpdesk/kb';

export const draftErrorCodes = ['NO_TEMPLATES', 'UNKNOWN_MATERIAL', 'PACKAGE_INCOMPLETE'] as const;
export type DraftErrorCode = (typeof draftErrorCodes)[number];

export class DraftError extends Error {
  constructor(
    readonly code: DraftErrorCode,
    readonly text: Text,
    /** for PACKAGE_INCOMPLETE: the manifest paths without a value */
    readonly details: string[] = [],
  ) {
    super(text.en);
    this.name = 'DraftError';
  }
}
