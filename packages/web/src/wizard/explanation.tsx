/** Why a conclusion holds: each rule with its text, the facts it read, the parameters (value, dates) and sources. */
import { Descriptions, Tag, Typography } from 'antd';
import type { Schemas } from '../api/client.ts';
import { useLang } from '../i18n.tsx';
import type { MessageId } from '../messages.ts';

// the one-language forms: a bilingual reason or parameter is one as well
type Reason = Schemas['LocalisedReason'];
type Param = Schemas['LocalisedParameterUse'];
type Citation = Schemas['SourceCitation'];
export type SourceBook = Schemas['Sources'];

export function Sources({ cites, book }: { cites: Citation[]; book: SourceBook }) {
  return (
    <ul className="sources">
      {cites.map((c) => {
        const s = book[c.ref];
        const title = s?.title ?? c.ref;
        return (
          <li key={`${c.ref}:${c.article ?? ''}`}>
            {s?.url ? (
              <a href={s.url} target="_blank" rel="noopener noreferrer">
                {title}
              </a>
            ) : (
              title
            )}
            {c.article && <span className="source-article"> {c.article}</span>}
            {s && <Tag className="source-grade">{s.grade}</Tag>}
          </li>
        );
      })}
    </ul>
  );
}

export function ParameterList({ params, book }: { params: Param[]; book: SourceBook }) {
  const { t, tx } = useLang();
  return (
    <ul className="parameters">
      {params.map((p) => (
        <li key={p.id}>
          <strong>{tx(p.name)}</strong>:{' '}
          {typeof p.value === 'object' ? `${p.value.from}–${p.value.to}` : String(p.value)}
          {p.unit ? ` ${t(`unit_${p.unit}` as MessageId)}` : ''} ·{' '}
          {p.effective.to
            ? t('effectiveRange', { from: p.effective.from, to: p.effective.to })
            : t('effectiveFrom', { from: p.effective.from })}{' '}
          · {t('confidence')} {t(`conf_${p.confidence}` as MessageId)}
          <Sources cites={p.sources} book={book} />
        </li>
      ))}
    </ul>
  );
}

const show = (v: unknown) =>
  v === null || v === undefined ? '—' : Array.isArray(v) ? v.join(', ') : String(v);

export function Explanation({ reasons, book }: { reasons: Reason[]; book: SourceBook }) {
  const { t, tx } = useLang();
  return (
    <div className="explanation">
      {reasons.map((r) => (
        <Descriptions
          key={r.rule}
          size="small"
          column={1}
          bordered
          className="reason"
          items={[
            { key: 'rule', label: t('rule'), children: <code>{r.rule}</code> },
            { key: 'text', label: t('explain'), children: tx(r.text) },
            ...(r.facts.length
              ? [
                  {
                    key: 'facts',
                    label: t('facts'),
                    children: (
                      <ul className="facts">
                        {r.facts.map((f) => (
                          <li key={f.path}>
                            <code>{f.path}</code> = {show(f.value)}
                          </li>
                        ))}
                      </ul>
                    ),
                  },
                ]
              : []),
            ...(r.parameters?.length
              ? [
                  {
                    key: 'params',
                    label: t('parameters'),
                    children: <ParameterList params={r.parameters} book={book} />,
                  },
                ]
              : []),
            { key: 'sources', label: t('sources'), children: <Sources cites={r.sources} book={book} /> },
            {
              key: 'confidence',
              label: t('confidence'),
              children: (
                <>
                  {t(`conf_${r.confidence}` as MessageId)}
                  {r.note && (
                    <Typography.Paragraph className="reason-note">{tx(r.note)}</Typography.Paragraph>
                  )}
                </>
              ),
            },
          ]}
        />
      ))}
    </div>
  );
}
