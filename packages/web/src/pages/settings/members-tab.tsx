/**
 * Members and roles: every member with role, joining and last sign-in; owners and admins change roles and
 * remove members (the server refuses what the role may not: an admin touching an owner, the last owner);
 * for a client member, the companies it sees (owner, admin, consultant set them).
 */
import { App, Select, Space, Table, Tag, Typography } from 'antd';
import { api, call, langHeader, type Schemas } from '../../api/client.ts';
import { ErrorNotice } from '../../error-notice.tsx';
import { when } from '../../format-instant.ts';
import { useLang } from '../../i18n.tsx';
import type { MessageId } from '../../messages.ts';
import { useLoad } from '../../use-load.ts';
import { ClientCompanies } from './client-companies.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import { roleNames } from './roles.ts';
import type { TabProps } from './settings-page.tsx';
import { useAction } from './use-action.ts';

type Member = Schemas['Member'];

export function MembersTab({ org, role: myRole, userId }: TabProps) {
  const { t, lang } = useLang();
  const { message } = App.useApp();
  const action = useAction();
  const list = useLoad(`members:${lang}`, () =>
    call(api.GET('/api/v1/members', { params: { query: { limit: 100 } } })),
  );
  const manage = org.permissions.manageMembers;
  const name = (m: Member) => m.name ?? m.email;

  const run = async (work: () => Promise<unknown>, done?: string) => {
    if (await action.run(work)) {
      if (done) message.success(done);
      list.reload();
    }
  };
  const changeRole = (m: Member, role: Member['role']) =>
    run(
      () =>
        call(
          api.PATCH('/api/v1/members/{userId}', {
            params: { path: { userId: m.userId } },
            body: { role },
            headers: langHeader(lang),
          }),
        ),
      t('memberRoleChanged', { name: name(m), role: t(`role_${role}` as MessageId) }),
    );
  const remove = (m: Member) =>
    run(() =>
      call(
        api.DELETE('/api/v1/members/{userId}', {
          params: { path: { userId: m.userId } },
          headers: langHeader(lang),
        }),
      ),
    );
  // only an owner makes or unmakes owners
  const mayTouch = (m: Member) => manage && (myRole === 'owner' || m.role !== 'owner');
  const roleOptions = roleNames
    .filter((r) => myRole === 'owner' || r !== 'owner')
    .map((r) => ({ value: r, label: t(`role_${r}` as MessageId) }));

  return (
    <div className="settings-tab">
      <Typography.Paragraph type="secondary">{t('rolesHelp')}</Typography.Paragraph>
      {(action.error ?? list.error) !== null && (
        <ErrorNotice error={action.error ?? list.error} onRetry={list.reload} />
      )}
      <Table<Member>
        rowKey="userId"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('membersEmpty') }}
        data-testid="members-table"
        columns={[
          {
            title: t('memberName'),
            key: 'name',
            render: (_, m) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {m.name ?? '—'} {m.userId === userId && <Tag>{t('memberYou')}</Tag>}
                  {m.disabled && <Tag color="default">{t('memberDisabled')}</Tag>}
                </span>
                <Typography.Text type="secondary">{m.email}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('memberRole'),
            key: 'role',
            render: (_, m) =>
              mayTouch(m) ? (
                <Select
                  value={m.role}
                  options={roleOptions}
                  onChange={(r) => changeRole(m, r)}
                  aria-label={t('memberRoleFor', { name: name(m) })}
                  className="settings-role"
                  popupMatchSelectWidth={false}
                />
              ) : (
                t(`role_${m.role}` as MessageId)
              ),
          },
          {
            title: t('memberCompanies'),
            key: 'companies',
            render: (_, m) =>
              m.role === 'client' ? (
                <ClientCompanies member={m} editable={org.permissions.linkClientCompanies} />
              ) : (
                '—'
              ),
          },
          { title: t('memberJoined'), dataIndex: 'joinedAt', render: (v: string) => when(v) },
          {
            title: t('memberLastLogin'),
            dataIndex: 'lastLoginAt',
            render: (v: string | null) => when(v, t('never')),
          },
          ...(manage
            ? [
                {
                  title: t('actions'),
                  key: 'actions',
                  render: (_: unknown, m: Member) =>
                    mayTouch(m) && m.userId !== userId ? (
                      <ConfirmButton
                        question={t('memberRemoveConfirm', { name: name(m) })}
                        label={t('memberRemove')}
                        onConfirm={() => remove(m)}
                      />
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
