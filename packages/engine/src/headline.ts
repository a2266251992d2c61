/** The one-sentence conclusion of an assessment. */
import type { Text } from '@icpdesk/kb';
import type { LicenceConclusion } from './schemas/assessment.ts';

export function headline(
  licences: LicenceConclusion[],
  needs: boolean | null,
  filings: number,
  banned: number,
): Text {
  if (banned > 0)
    return {
      zh: '所选业务中有目前不允许经营的业务，见下文。',
      en: 'Some selected activities may not lawfully be run today; see below.',
    };
  const req = licences.filter((l) => l.requirement === 'required');
  if (req.length > 0) {
    const names = req.map((l) => `${l.code}${l.nicknames[0] ? ` ${l.nicknames[0]}` : ''}`);
    return {
      zh: `需要增值电信业务经营许可证：${names.join('、')}。`,
      en: `A value-added telecom licence is required: ${names.join(', ')}.`,
    };
  }
  if (needs === null)
    return {
      zh: '是否需要许可证取决于下列待回答的问题。',
      en: 'Whether a licence is needed depends on the open questions below.',
    };
  if (licences.length > 0)
    return {
      zh: '法律上不要求许可证，但建议办理（见理由）。',
      en: 'No licence is required by law, but one is recommended (see reasons).',
    };
  if (filings > 0)
    return { zh: '不需要许可证，办理备案即可。', en: 'No licence is needed; filing is enough.' };
  return { zh: '未发现需要的许可证或备案。', en: 'No licence or filing found to be needed.' };
}
