/**
 * The result: licences, undetermined conclusions, filings, other permits, eligibility, the deciding authority,
 * pitfalls, a timeline and the questions still open — each conclusion with its explanation — and the ways to
 * take it away (Markdown, JSON, print, a link) and to ask "what if".
 */

import { Alert, App, Button, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import type { Catalogue, Profile, ShownAssessment } from '../api/client.ts';
import { ErrorNotice } from '../error-notice.tsx';
import { useLang } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';
import { useLoad } from '../use-load.ts';
import { checkValue } from './check-value.ts';
import { Conclusion, ExpandAll } from './conclusion.tsx';
import { Sources } from './explanation.tsx';
import { assessmentMarkdown, byDate, download } from './export.ts';
import { encodeProfile } from './profile-link.ts';
import { authorityName } from './provinces.ts';
import { plainQuestion } from './questions-step.tsx';
import { assessProfile } from './use-api.ts';
import { WhatIf } from './what-if.tsx';

interface Props {
  profile: Profile;
  catalogue: Catalogue;
  onEdit(): void;
}

/** a check's value: numbers with separators, yes/no in words */
function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="result-section" aria-labelledby={`h-${id}`} data-testid={`section-${id}`}>
      <Typography.Title level={3} id={`h-${id}`}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

export function ResultView({ profile, catalogue, onEdit }: Props) {
  const { t, tx, lang } = useLang();
  const { message } = App.useApp();
  const [printing, setPrinting] = useState(false);
  const result = useLoad(`${lang}:${encodeProfile(profile)}`, () => assessProfile(profile, lang));
  if (result.loading) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (!result.data) return <ErrorNotice error={result.error} onRetry={result.reload} />;
  const a = result.data;

  const print = () => {
    setPrinting(true);
    // let the explanations open before the print dialog takes the page
    window.setTimeout(() => {
      window.print();
      setPrinting(false);
    }, 50);
  };
  const copy = async () => {
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      message.success(t('linkCopied'));
    } catch {
      window.prompt(t('copyLink'), link);
    }
  };
  const stamp = `icpdesk-${a.asOf}`;

  return (
    <ExpandAll.Provider value={printing}>
      <div className="result" data-testid="result">
        <Alert
          className="result-headline"
          type={a.summary.needsLicence ? 'warning' : 'success'}
          showIcon
          title={<span data-testid="headline">{tx(a.summary.headline)}</span>}
          description={t('resultAsOf', { date: a.asOf, version: a.kbVersion })}
        />
        <Space wrap className="result-actions no-print">
          <Button onClick={onEdit}>{t('editAnswers')}</Button>
          <Button onClick={copy}>{t('copyLink')}</Button>
          <Button
            onClick={() =>
              download(`${stamp}.md`, 'text/markdown', assessmentMarkdown(a, catalogue, lang, t))
            }
          >
            {t('exportMarkdown')}
          </Button>
          <Button
            onClick={() =>
              download(`${stamp}.json`, 'application/json', JSON.stringify({ profile, result: a }, null, 2))
            }
          >
            {t('exportJson')}
          </Button>
          <Button onClick={print}>{t('print')}</Button>
        </Space>
        <ResultBody a={a} catalogue={catalogue} />
        <WhatIf profile={profile} catalogue={catalogue} />
        <Alert
          className="result-disclaimer"
          type="info"
          title={t('disclaimer')}
          description={tx(a.disclaimer)}
        />
      </div>
    </ExpandAll.Provider>
  );
}

export function ResultBody({ a, catalogue }: { a: ShownAssessment; catalogue: Catalogue }) {
  const { t, tx, lang } = useLang();
  const book = a.sources;
  const auth = (id: string | null) => authorityName(catalogue, id, lang);
  const req = (r: string) => (
    <Tag color={r === 'required' ? 'red' : 'gold'}>{t(`req_${r}` as MessageId)}</Tag>
  );
  const none = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} />;

  return (
    <>
      <Section id="licences" title={t('licences')}>
        {a.licences.length === 0 && none}
        {a.licences.map((l) => (
          <Conclusion
            key={`${l.code}:${l.scope ?? ''}`}
            testId={`licence-${l.code}`}
            title={
              <span>
                <strong>{l.code}</strong> {tx(l.name)}
              </span>
            }
            extra={req(l.requirement)}
            reasons={l.reasons}
            book={book}
          >
            {l.nicknames.length > 0 && (
              <Typography.Text type="secondary">{l.nicknames.join(' · ')}</Typography.Text>
            )}
            <p data-testid="licence-authority">
              {t('authority')}: <strong>{auth(l.authority) ?? '—'}</strong> · {t('confidence')}{' '}
              {t(`conf_${l.confidence}` as MessageId)}
            </p>
          </Conclusion>
        ))}
      </Section>

      {a.notPermitted.length > 0 && (
        <Section id="not-permitted" title={t('notPermitted')}>
          {a.notPermitted.map((n) => (
            <Alert
              key={n.activity}
              type="error"
              title={tx(n.message)}
              description={<Sources cites={n.sources} book={book} />}
            />
          ))}
        </Section>
      )}

      {a.undetermined.length > 0 && (
        <Section id="undetermined" title={t('undetermined')}>
          {a.undetermined.map((u) => (
            <Conclusion
              key={`${u.kind}:${u.id}:${u.rule}`}
              testId={`undetermined-${u.id}`}
              title={
                <span>
                  <Tag>{u.kind}</Tag>
                  {u.id}
                </span>
              }
              extra={req(u.requirement)}
              reasons={[{ rule: u.rule, text: u.text, facts: [], sources: u.sources, confidence: 'medium' }]}
              book={book}
            >
              <p>{tx(u.text)}</p>
              <p>
                {t('dependsOn')}:{' '}
                {u.missing.map((m) => (
                  <code key={m}>{m} </code>
                ))}
              </p>
            </Conclusion>
          ))}
        </Section>
      )}

      <Section id="filings" title={t('filings')}>
        {a.filings.length === 0 && none}
        {a.filings.map((f) => (
          <Conclusion
            key={f.kind}
            testId={`filing-${f.kind}`}
            title={tx(f.name)}
            extra={req(f.requirement)}
            reasons={f.reasons}
            book={book}
          >
            <p>
              {tx(f.authorityName)}
              {f.processing &&
                ` · ${tx(f.processing.name)} ${String(f.processing.value)} ${t(`unit_${f.processing.unit}` as MessageId)}`}
            </p>
          </Conclusion>
        ))}
      </Section>

      <Section id="permits" title={t('permits')}>
        {a.otherPermits.length === 0 && none}
        {a.otherPermits.map((p) => (
          <Conclusion
            key={p.id}
            testId={`permit-${p.id}`}
            title={tx(p.name)}
            extra={req(p.requirement)}
            reasons={p.reasons}
            book={book}
          >
            <p>
              {tx(p.issuer)}
              {p.preApproval && <Tag color="purple">{t('preApproval')}</Tag>}
              {p.foreignProhibited && <Tag color="volcano">{t('foreignProhibited')}</Tag>}
            </p>
          </Conclusion>
        ))}
      </Section>

      <Section id="eligibility" title={t('eligibility')}>
        <p data-testid="eligible">
          <Tag
            color={
              a.eligibility.eligible === true ? 'green' : a.eligibility.eligible === false ? 'red' : 'default'
            }
          >
            {t(
              a.eligibility.eligible === true
                ? 'eligibleYes'
                : a.eligibility.eligible === false
                  ? 'eligibleNo'
                  : 'eligibleUnknown',
            )}
          </Tag>
        </p>
        {a.eligibility.checks.map((c) => (
          <Conclusion
            key={`${c.id}:${c.subject ?? ''}`}
            testId={`check-${c.id}`}
            title={`${tx(c.name)}${c.subject ? ` (${c.subject})` : ''}`}
            extra={
              <Tag color={c.status === 'met' ? 'green' : c.status === 'unmet' ? 'red' : 'default'}>
                {t(`check_${c.status}` as MessageId)}
              </Tag>
            }
            reasons={[{ ...c, text: c.name }]}
            book={book}
          >
            <p>
              {t('required')}: {checkValue(c.required, lang, t, c.unit)} · {t('actual')}:{' '}
              {checkValue(c.actual, lang, t, c.unit)}
            </p>
          </Conclusion>
        ))}
      </Section>

      <Section id="authority" title={t('authority')}>
        {a.authority.id ? (
          <Conclusion
            testId="authority"
            title={tx(a.authority.name)}
            reasons={a.authority.reasons}
            book={book}
          />
        ) : (
          none
        )}
      </Section>

      {a.pitfalls.length > 0 && (
        <Section id="pitfalls" title={t('pitfalls')}>
          {a.pitfalls.map((p) => (
            <Conclusion
              key={p.id}
              testId={`pitfall-${p.id}`}
              title={tx(p.title)}
              extra={
                <Tag color={p.severity === 'high' ? 'red' : p.severity === 'medium' ? 'orange' : 'blue'}>
                  {t(`sev_${p.severity}` as MessageId)}
                </Tag>
              }
              reasons={[
                {
                  rule: p.id,
                  text: p.message,
                  facts: p.facts,
                  sources: p.sources,
                  confidence: p.confidence,
                  ...(p.note ? { note: p.note } : {}),
                },
              ]}
              book={book}
            >
              <p>{tx(p.message)}</p>
            </Conclusion>
          ))}
        </Section>
      )}

      {a.timeline && (
        <Section id="timeline" title={t('timeline')}>
          <Timeline
            items={byDate(a.timeline.steps).map((s) => ({
              key: s.id,
              title: s.expected,
              content: (
                <>
                  <strong>{tx(s.name)}</strong>
                  {s.latest !== s.expected && (
                    <span className="timeline-latest"> · {t('timelineLatest', { date: s.latest })}</span>
                  )}
                  {s.note && <div className="timeline-note">{tx(s.note)}</div>}
                </>
              ),
            }))}
          />
          <Typography.Paragraph type="secondary">{tx(a.timeline.excluded)}</Typography.Paragraph>
        </Section>
      )}

      {a.questions.length > 0 && (
        <Section id="questions" title={t('openQuestions')}>
          <ul>
            {a.questions.map((q) => (
              <li key={q.id}>{plainQuestion(tx(q.text))}</li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
