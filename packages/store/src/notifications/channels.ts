/**
 * An organisation's notification channels: e-mail (SMTP), the WeCom, DingTalk and Feishu group robots, and
 * in-app notifications. The stored config holds secrets (SMTP password, robot signing secret, webhook keys);
 * `publicChannel` is the only form that leaves the store for answers and logs.
 */
import type { Db } from '../db.ts';
import { newId } from '../ids.ts';
import { checkWebhookUrl } from './webhook-guard.ts';

export const channelKinds = ['email', 'wecom', 'dingtalk', 'feishu', 'in-app'] as const;
export type ChannelKind = (typeof channelKinds)[number];

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when offered */
  secure: boolean;
  user?: string;
  password?: string;
}

export type ChannelConfig =
  | { kind: 'email'; smtp: SmtpConfig; from: string }
  | { kind: 'wecom'; url: string }
  | { kind: 'dingtalk'; url: string; secret?: string }
  | { kind: 'feishu'; url: string; secret?: string }
  | { kind: 'in-app' };

export interface Channel {
  id: string;
  organisationId: string;
  name: string;
  enabled: boolean;
  config: ChannelConfig;
  createdAt: string;
  updatedAt: string;
}

type Row = {
  id: string;
  organisation_id: string;
  kind: string;
  name: string;
  config: string;
  enabled: number;
  created_at: string;
  updated_at: string;
};

const fromRow = (r: Row): Channel => ({
  id: r.id,
  organisationId: r.organisation_id,
  name: r.name,
  enabled: r.enabled === 1,
  config: JSON.parse(r.config) as ChannelConfig,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listChannels(db: Db, organisationId: string): Promise<Channel[]> {
  const rows = await db.kysely
    .selectFrom('notification_channels')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

export async function findChannel(db: Db, organisationId: string, id: string): Promise<Channel | undefined> {
  const row = await db.kysely
    .selectFrom('notification_channels')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && fromRow(row);
}

export interface ChannelInput {
  name: string;
  enabled: boolean;
  config: ChannelConfig;
}

/** a robot's URL must not reach the operator's own network (WebhookAddressError; see webhook-guard.ts) */
async function checkTarget(config: ChannelConfig): Promise<void> {
  if (config.kind === 'wecom' || config.kind === 'dingtalk' || config.kind === 'feishu')
    await checkWebhookUrl(config.url);
}

export async function createChannel(db: Db, organisationId: string, input: ChannelInput): Promise<Channel> {
  await checkTarget(input.config);
  const at = db.clock.now().toISOString();
  const row: Row = {
    id: newId(),
    organisation_id: organisationId,
    kind: input.config.kind,
    name: input.name,
    config: JSON.stringify(input.config),
    enabled: input.enabled ? 1 : 0,
    created_at: at,
    updated_at: at,
  };
  await db.kysely.insertInto('notification_channels').values(row).execute();
  return fromRow(row);
}

/**
 * Replaces a channel's name, state and config. A secret left out of the new config (undefined) keeps the
 * stored one, and so does a webhook URL sent back as answers show it (masked), so a client that never saw
 * the secrets can change the rest.
 */
export async function updateChannel(
  db: Db,
  organisationId: string,
  id: string,
  input: ChannelInput,
): Promise<Channel | undefined> {
  const old = await findChannel(db, organisationId, id);
  if (!old) return undefined;
  await checkTarget(input.config);
  const config = keepSecrets(old.config, input.config);
  const at = db.clock.now().toISOString();
  await db.kysely
    .updateTable('notification_channels')
    .set({
      kind: config.kind,
      name: input.name,
      enabled: input.enabled ? 1 : 0,
      config: JSON.stringify(config),
      updated_at: at,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .execute();
  return { ...old, name: input.name, enabled: input.enabled, config, updatedAt: at };
}

function keepSecrets(old: ChannelConfig, given: ChannelConfig): ChannelConfig {
  if (old.kind !== given.kind) return given;
  const next =
    'url' in given && 'url' in old && given.url === redactWebhookUrl(old.url)
      ? { ...given, url: old.url }
      : given;
  if ((next.kind === 'dingtalk' || next.kind === 'feishu') && next.secret === undefined && 'secret' in old)
    return { ...next, secret: old.secret };
  if (next.kind === 'email' && old.kind === 'email' && next.smtp.password === undefined)
    return { ...next, smtp: { ...next.smtp, password: old.smtp.password } };
  return next;
}

export async function deleteChannel(db: Db, organisationId: string, id: string): Promise<boolean> {
  const r = await db.kysely
    .deleteFrom('notification_channels')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** a webhook URL with its query (WeCom's key, DingTalk's access_token) and any path token masked */
export function redactWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const k of [...u.searchParams.keys()]) u.searchParams.set(k, '***');
    u.pathname = u.pathname.replace(/\/hook\/[^/]+$/, '/hook/***');
    return u.toString();
  } catch {
    return '***';
  }
}

export type PublicChannelConfig =
  | { kind: 'email'; smtp: Omit<SmtpConfig, 'password'> & { hasPassword: boolean }; from: string }
  | { kind: 'wecom' | 'dingtalk' | 'feishu'; url: string; hasSecret: boolean }
  | { kind: 'in-app' };

/** the channel as answers and logs show it: no password, no signing secret, webhook keys masked */
export function publicChannel(
  c: Channel,
): Omit<Channel, 'config' | 'organisationId'> & { config: PublicChannelConfig } {
  const { organisationId: _, config, ...rest } = c;
  return { ...rest, config: publicConfig(config) };
}

function publicConfig(c: ChannelConfig): PublicChannelConfig {
  switch (c.kind) {
    case 'email': {
      const { password, ...smtp } = c.smtp;
      return { kind: 'email', from: c.from, smtp: { ...smtp, hasPassword: Boolean(password) } };
    }
    case 'wecom':
      return { kind: 'wecom', url: redactWebhookUrl(c.url), hasSecret: true };
    case 'dingtalk':
    case 'feishu':
      return { kind: c.kind, url: redactWebhookUrl(c.url), hasSecret: Boolean(c.secret) };
    case 'in-app':
      return { kind: 'in-app' };
  }
}

/** every secret of a config, to be masked wherever an error message might repeat it */
export function channelSecrets(c: ChannelConfig): string[] {
  const out: string[] = [];
  if (c.kind === 'email' && c.smtp.password) out.push(c.smtp.password);
  if ((c.kind === 'dingtalk' || c.kind === 'feishu') && c.secret) out.push(c.secret);
  if (c.kind === 'wecom' || c.kind === 'dingtalk' || c.kind === 'feishu') {
    try {
      const u = new URL(c.url);
      for (const v of u.searchParams.values()) if (v) out.push(v);
      const token = u.pathname.match(/\/hook\/([^/]+)$/)?.[1];
      if (token) out.push(token);
    } catch {}
  }
  return out;
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}
