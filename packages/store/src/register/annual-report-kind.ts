/**
 * Annual-report records: per licence and year reported on, the day it was submitted (in the kb window
 * annual-report-window of the next year; a late one is recorded as it happened). The licence must have been
 * held on 31 December of that year (issued by then), the report submitted after that year ended and not
 * after today. An approved annual-report application records one (applicationId).
 */

import { reportYearEnd } from '@icpdesk/engine';
import type { Text } from '@icpdesk/kb';
import { noteField } from './common-fields.ts';
import type { EntryIssue, RegisterKind } from './kind.ts';

const issue = (field: string, code: string, message: Text): EntryIssue => ({ field, code, message });

export const annualReports: RegisterKind = {
  id: 'annual-reports',
  table: 'annual_reports',
  schemaName: 'AnnualReport',
  name: { zh: '年报记录', en: 'annual report' },
  plural: { zh: '年报记录', en: 'annual reports' },
  parent: 'licence',
  fields: [
    {
      key: 'year',
      column: 'year',
      type: 'int',
      zh: '报告年度',
      en: 'Year',
      aliases: ['年度'],
      required: true,
      description: 'the year reported on (submitted in the first quarter of the next)',
    },
    {
      key: 'submittedOn',
      column: 'submitted_on',
      type: 'date',
      zh: '报送日期',
      en: 'Submitted on',
      required: true,
    },
    {
      key: 'applicationId',
      column: 'application_id',
      type: 'text',
      zh: '申请ID',
      en: 'Application ID',
      readOnly: true,
      description: 'the approved annual-report application it was recorded from; null when entered directly',
    },
    noteField,
  ],
  key: ['licenceId', 'year'],
  sorts: ['year'],
  crossCheck: (v, ctx, licence) => {
    const year = v.year as number;
    const submittedOn = v.submittedOn as string;
    const out: EntryIssue[] = [];
    if (year < 1990 || year > Number(ctx.today.slice(0, 4)))
      out.push(
        issue('year', 'YEAR_OUT_OF_RANGE', {
          zh: `报告年度 ${year} 无效：应在 1990 年至今年之间`,
          en: `the year ${year} is not valid: it must be between 1990 and this year`,
        }),
      );
    else if (submittedOn <= reportYearEnd(year))
      out.push(
        issue('submittedOn', 'SUBMITTED_BEFORE_YEAR_END', {
          zh: `${year} 年度的年报在该年结束后报送；${submittedOn} 早于 ${year + 1}-01-01`,
          en: `the report on ${year} is submitted after that year; ${submittedOn} is before ${year + 1}-01-01`,
        }),
      );
    if (submittedOn > ctx.today)
      out.push(
        issue('submittedOn', 'SUBMITTED_AFTER_TODAY', {
          zh: `报送日期 ${submittedOn} 晚于今天 ${ctx.today}`,
          en: `submittedOn ${submittedOn} is after today, ${ctx.today}`,
        }),
      );
    if (licence && licence.issued_on > reportYearEnd(year))
      out.push(
        issue('year', 'LICENCE_NOT_HELD', {
          zh: `许可证 ${licence.number} 于 ${licence.issued_on} 颁发，${year} 年 12 月 31 日尚未持有，无需报送该年度年报`,
          en: `the licence ${licence.number} was issued on ${licence.issued_on}: it was not held on 31 December ${year}, so no report on ${year} is due`,
        }),
      );
    return out;
  },
};
