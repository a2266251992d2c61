/**
 * The package check (POST /api/v1/applications/{id}/precheck): the agency uploads the package it will lodge
 * (a .zip with application.yaml); the findings come back with their severity, where in the package, how to
 * fix each and the rule and sources it rests on, grouped by the material they concern (the findings about
 * the applicant and the service, and the checks against icpdesk's records, apart). The last check is kept
 * on the application and shown until the next.
 */
import { Alert, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, call, type Schemas } from '../../api/client.ts';
import type { paths } from '../../api/openapi';
import { ErrorNotice } from '../../error-notice.tsx';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';

type Detail = Schemas['ApplicationDetail'];
type Stored = Schemas['ApplicationPrecheck'];
type Finding = Schemas['Finding'];
type Severity = Finding['severity'];
type PrecheckBody = NonNullable<
  paths['/api/v1/applications/{id}/precheck']['post']['requestBody']
>['content']['multipart/form-data'];

const severityColour: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'blue' };
const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const sevLabel = (s: Severity): MessageId => (s === 'info' ? 'sev_info' : `sev_${s}`);

interface Group {
  key: string;
  title: string;
  findings: Finding[];
}

/**
 * The checklist material a finding concerns: the one it rests on (its rule), else the one of the manifest
 * document its path points into (documents[2].holder → the kind of the third document), else none
 */
export function materialOf(f: Finding, p: Stored): string | null {
  const items = p.result.checklist.items;
  if (f.rule && items.some((i) => i.id === f.rule)) return f.rule;
  const index = /^documents\[(\d+)\]/.exec(f.path)?.[1];
  const kind = index === undefined ? undefined : p.documentKinds?.[Number(index)];
  return items.find((i) => i.documentKind === kind)?.id ?? null;
}

/**
 * the findings by material, the worst first within each; the groups by their worst finding, then in the
 * checklist's order, the findings that concern no material last among equals
 */
export function groupFindings(p: Stored, materialName: (id: string) => string, other: string): Group[] {
  const order = new Map(p.result.checklist.items.map((i, n) => [i.id, n]));
  const groups = new Map<string, Group>();
  for (const f of [...p.result.findings].sort(
    (a, b) => severityOrder[a.severity] - severityOrder[b.severity],
  )) {
    const key = materialOf(f, p) ?? '';
    const g = groups.get(key) ?? { key, title: key ? materialName(key) : other, findings: [] };
    g.findings.push(f);
    groups.set(key, g);
  }
  const worst = (g: Group) => Math.min(...g.findings.map((f) => severityOrder[f.severity]));
  const place = (g: Group) => (g.key ? (order.get(g.key) ?? 0) : Number.MAX_SAFE_INTEGER);
  return [...groups.values()].sort((a, b) => worst(a) - worst(b) || place(a) - place(b));
}

function FindingItem({ f, sources }: { f: Finding; sources: Stored['result']['sources'] }) {
  const { t, tx } = useLang();
  return (
    <List.Item className="finding" data-finding={f.id} data-severity={f.severity}>
      <div>
        <Space wrap size={4}>
          <Tag color={severityColour[f.severity]}>{t(sevLabel(f.severity))}</Tag>
          <Typography.Text>{tx(f.message)}</Typography.Text>
        </Space>
        <div className="finding-fix">
          <Typography.Text type="secondary">{t('app_fix')}</Typography.Text>
          {tx(f.fix)}
        </div>
        <div className="finding-meta">
          <Typography.Text type="secondary">
            {t('app_where')}
            <code>{f.path}</code>
            {f.rule ? ` · ${t('rule')} ${f.rule}` : ''}
          </Typography.Text>
        </div>
        {f.sources.length > 0 && (
          <div className="finding-meta">
            <Typography.Text type="secondary">{t('app_sources')}</Typography.Text>
            <ul className="finding-sources">
              {f.sources.map((s) => {
                const src = sources[s.ref];
                const label = `${src?.title ?? s.ref}${s.article ? ` ${s.article}` : ''}`;
                return (
                  <li key={s.ref}>
                    {src?.url ? (
                      <a href={src.url} target="_blank" rel="noreferrer">
                        {label}
                      </a>
                    ) : (
                      label
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </div>
    </List.Item>
  );
}

export function PackageCheck({
  application,
  canWrite,
  onChecked,
}: {
  application: Detail;
  canWrite: boolean;
  onChecked: () => void;
}) {
  const { t, tx, lang } = useLang();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fresh, setFresh] = useState<Stored | null>(null);
  const p = fresh ?? application.precheckFindings;

  const run = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.set('package', file, file.name);
      setFresh(
        await call(
          api.POST('/api/v1/applications/{id}/precheck', {
            params: { path: { id: application.id }, query: { lang } },
            body: form as unknown as PrecheckBody,
          }),
        ),
      );
      onChecked();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const items = new Map((p?.result.checklist.items ?? []).map((i) => [i.id, tx(i.name)]));
  const groups = p ? groupFindings(p, (id) => items.get(id) ?? id, t('app_checkApplicant')) : [];
  return (
    <div className="package-check">
      <Typography.Paragraph type="secondary">{t('app_checkIntro')}</Typography.Paragraph>
      {canWrite && (
        <>
          <input
            ref={input}
            type="file"
            hidden
            accept=".zip,application/zip"
            aria-label={t('app_checkRun')}
            data-upload="package"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) run(f);
            }}
          />
          <Button type="primary" loading={busy} onClick={() => input.current?.click()}>
            {t('app_checkRun')}
          </Button>
        </>
      )}
      {error !== null && <ErrorNotice error={error} />}
      {!p && <Empty description={t('app_checkNone')} />}
      {p && (
        <div data-testid="precheck" data-sha={p.package.sha256}>
          <Alert
            className="precheck-summary"
            type={p.result.summary.errors ? 'error' : p.result.summary.warnings ? 'warning' : 'success'}
            showIcon
            title={t('app_checkRan', {
              date: p.ranAt.slice(0, 10),
              errors: p.result.summary.errors,
              warnings: p.result.summary.warnings,
              infos: p.result.summary.infos,
              documents: p.result.summary.documents,
            })}
            description={!p.result.findings.length && !p.consistency.length ? t('app_checkClean') : undefined}
          />
          {p.consistency.length > 0 && (
            <Card size="small" title={t('app_checkRecords')} className="finding-group" data-group="records">
              <List
                dataSource={p.consistency}
                renderItem={(c) => (
                  <List.Item className="finding" data-finding={c.id} data-severity={c.severity}>
                    <Space wrap size={4}>
                      <Tag color={severityColour[c.severity]}>{t(sevLabel(c.severity))}</Tag>
                      {tx(c.message)}
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          )}
          {groups.map((g) => (
            <Card
              key={g.key}
              size="small"
              title={g.title}
              className="finding-group"
              data-group={g.key || 'applicant'}
            >
              <List
                dataSource={g.findings}
                renderItem={(f) => <FindingItem f={f} sources={p.result.sources} />}
              />
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
