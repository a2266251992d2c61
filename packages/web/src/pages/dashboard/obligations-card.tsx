/** The dashboard's obligations: overdue and due soon, the most pressing first, each opening its explanation. */
import { Card } from 'antd';
import { api, call, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { type Lang, useLang } from '../../i18n.tsx';
import type { Loaded } from '../../use-load.ts';
import { type Obligation, withRules } from '../calendar/obligation-status.tsx';
import { byDue, ObligationTable } from '../calendar/obligation-table.tsx';

/** the answer, its obligations joined with their rules */
type Obligations = Omit<Schemas['StoredObligations'], 'obligations'> & { obligations: Obligation[] };

/** the organisation's overdue and due-soon obligations, earliest due first */
export async function loadPressing(lang: Lang): Promise<Obligations> {
  const r = await call(
    api.GET('/api/v1/obligations', { params: { query: { status: 'overdue,due-soon', lang } } }),
  );
  return { ...r, obligations: withRules(r).sort(byDue) };
}

export function ObligationsCard({ loaded }: { loaded: Loaded<Obligations> }) {
  const { t } = useLang();
  return (
    <Card title={t('dashObligations')} className="dash-card" data-testid="dash-obligations">
      {loaded.error !== null && <ErrorNotice error={loaded.error} onRetry={loaded.reload} />}
      {loaded.error === null && (
        <ObligationTable
          list={loaded.data?.obligations ?? []}
          book={loaded.data?.sources ?? {}}
          asOf={loaded.data?.asOf ?? ''}
          loading={loaded.loading}
          emptyText={t('dashObligationsEmpty')}
          onChanged={loaded.reload}
        />
      )}
    </Card>
  );
}
