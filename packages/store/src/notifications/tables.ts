/** The reminder tables as Kysely types (migration 0012-notifications; conventions in ../schema.ts). */
import type { Id, JsonText, Timestamp } from '../schema.ts';

export interface NotificationSettingsTable {
  organisation_id: Id;
  /** NotificationSettings (./settings.ts) */
  settings: JsonText;
  updated_at: Timestamp;
}

export interface NotificationChannelsTable {
  id: Id;
  organisation_id: Id;
  /** email | wecom | dingtalk | feishu | in-app */
  kind: string;
  name: string;
  /** ChannelConfig of its kind (./channels.ts); holds secrets, never returned as stored */
  config: JsonText;
  /** 1 or 0 */
  enabled: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NotificationDeliveriesTable {
  id: Id;
  organisation_id: Id;
  /** obligation | reminder step | channel | recipient (or test/digest keys): unique, so enqueued once */
  dedupe_key: string;
  channel_id: Id;
  channel_kind: string;
  /** an e-mail address or user id; null for a group robot */
  recipient: string | null;
  obligation_id: string | null;
  /** Message (./messages.ts) */
  message: JsonText;
  /** pending | sent | failed */
  status: string;
  attempts: number;
  next_attempt_at: Timestamp;
  /** while a worker holds the claim; after it, another worker may claim the row again */
  lease_until: Timestamp | null;
  leased_by: string | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NotificationsTable {
  id: Id;
  organisation_id: Id;
  user_id: Id;
  dedupe_key: string;
  title: string;
  body: string;
  read_at: Timestamp | null;
  created_at: Timestamp;
}

export interface WorkerLocksTable {
  name: string;
  holder: string;
  lease_until: Timestamp;
}

export interface NotificationTables {
  notification_settings: NotificationSettingsTable;
  notification_channels: NotificationChannelsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notifications: NotificationsTable;
  worker_locks: WorkerLocksTable;
}
