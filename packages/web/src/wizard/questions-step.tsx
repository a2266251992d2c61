/**
 * Step 4: the questions the engine has for this profile (an assessment's `questions`). Yes/no ones are
 * answered here; a missing profile fact points back to the step that asks it. So that an answer can be
 * changed, also after the link is opened again, the list is what the engine asks of the profile without
 * its yes/no answers, and what it asks of the profile as answered (an answer may raise a new question).
 */
import { Button, Empty, Form, Radio, Spin, Typography } from 'antd';
import type { Profile, Schemas } from '../api/client.ts';
import { ErrorNotice } from '../error-notice.tsx';
import { useLang } from '../i18n.tsx';
import { useLoad } from '../use-load.ts';
import { encodeProfile } from './profile-link.ts';
import { assessProfile } from './use-api.ts';
import type { Step } from './wizard-page.tsx';

type Question = Schemas['LocalisedQuestion'];

interface Props {
  profile: Profile;
  onChange(p: Profile): void;
  onGoTo(step: Step): void;
}

/** the engine adds the profile path in brackets to a question about a profile field: not for a founder */
export const plainQuestion = (s: string) => s.replace(/\s*[（(][\w.-]+[）)]\s*$/, '');

/** where a yes/no question's answer goes in the profile; null for a fact an earlier step asks */
function answerOf(profile: Profile, id: string): boolean | undefined | null {
  if (id.startsWith('answers.')) return profile.service.answers?.[id.slice(8)];
  if (id === 'entity.onCreditBlacklist') return profile.entity?.onCreditBlacklist;
  return null;
}

function withAnswer(profile: Profile, id: string, value: boolean | undefined): Profile {
  if (id === 'entity.onCreditBlacklist') {
    const { onCreditBlacklist: _, ...entity } = profile.entity ?? {};
    return { ...profile, entity: value === undefined ? entity : { ...entity, onCreditBlacklist: value } };
  }
  const answers = { ...profile.service.answers };
  if (value === undefined) delete answers[id.slice(8)];
  else answers[id.slice(8)] = value;
  const { answers: _, ...service } = profile.service;
  return { ...profile, service: Object.keys(answers).length ? { ...service, answers } : service };
}

const stepOf = (id: string): Step => (id.startsWith('entity.') ? 'entity' : 'service');

/** the profile without the answers this step gives */
function unanswered(profile: Profile): Profile {
  const { onCreditBlacklist: _, ...entity } = profile.entity ?? {};
  const { answers: __, ...service } = profile.service;
  return { ...profile, entity, service };
}

/** the questions of both assessments, each once, those of the unanswered profile first */
async function questionsOf(profile: Profile, lang: 'zh' | 'en'): Promise<Question[]> {
  const [before, now] = await Promise.all([
    assessProfile(unanswered(profile), lang),
    assessProfile(profile, lang),
  ]);
  const byId = new Map<string, Question>();
  for (const q of [...before.questions, ...now.questions]) if (!byId.has(q.id)) byId.set(q.id, q);
  return [...byId.values()];
}

export function QuestionsStep({ profile, onChange, onGoTo }: Props) {
  const { t, tx, lang } = useLang();
  const result = useLoad(`${lang}:${encodeProfile(profile)}`, () => questionsOf(profile, lang));
  if (result.loading && !result.data) return <Spin className="app-loading" aria-label={t('loading')} />;
  if (result.error) return <ErrorNotice error={result.error} onRetry={result.reload} />;
  const questions = result.data ?? [];
  const yesNo = questions.filter((q) => answerOf(profile, q.id) !== null);
  const elsewhere = questions.filter((q) => answerOf(profile, q.id) === null);

  return (
    <section>
      <Typography.Paragraph>{t('questionsIntro')}</Typography.Paragraph>
      {questions.length === 0 && <Empty description={t('questionsNone')} />}
      <Form layout="vertical" className="wizard-form">
        {yesNo.map((q) => {
          const id = q.id;
          const value = answerOf(profile, id);
          return (
            <Form.Item
              key={id}
              label={plainQuestion(tx(q.text))}
              extra={q.help && tx(q.help)}
              htmlFor={`q-${id}`}
              data-question={id}
            >
              <Radio.Group
                id={`q-${id}`}
                value={value === undefined ? 'unknown' : value}
                onChange={(x) =>
                  onChange(withAnswer(profile, id, x.target.value === 'unknown' ? undefined : x.target.value))
                }
                options={[
                  { value: true, label: t('yes') },
                  { value: false, label: t('no') },
                  { value: 'unknown', label: t('notSure') },
                ]}
              />
            </Form.Item>
          );
        })}
      </Form>
      {elsewhere.length > 0 && (
        <>
          <Typography.Paragraph>{t('questionsElsewhere')}</Typography.Paragraph>
          <ul>
            {elsewhere.map((q) => (
              <li key={q.id}>
                <Button type="link" onClick={() => onGoTo(stepOf(q.id))}>
                  {plainQuestion(tx(q.text))}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
