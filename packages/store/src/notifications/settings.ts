/**
 * An organisation's notification settings: when reminders go out (days before the due day, then daily while
 * overdue), to whom (members by role), when not (quiet hours in Asia/Shanghai), in which language, and
 * whether members get a daily digest. One JSON row per organisation; the defaults until it is saved.
 */
import type { Db } from '../db.ts';
import type { Role } from '../schema.ts';

export interface QuietHours {
  /** "HH:MM" in Asia/Shanghai; the quiet time runs from start to end, across midnight when end < start */
  start: string;
  end: string;
}

export interface NotificationSettings {
  /** days before the due day a reminder is sent, e.g. [60, 30, 7, 1] */
  offsets: number[];
  /** one reminder each day while an obligation is overdue */
  overdueDaily: boolean;
  /** members with these roles receive e-mail and in-app reminders */
  roles: Role[];
  quietHours: QuietHours | null;
  language: 'zh' | 'en';
  /**
   * e-mail and in-app reminders of a day go to each member as one digest (per channel) instead of one
   * message each; robots still get each reminder
   */
  digest: boolean;
}

export const defaultNotificationSettings: NotificationSettings = {
  offsets: [60, 30, 7, 1],
  overdueDaily: true,
  roles: ['owner', 'admin'],
  quietHours: { start: '22:00', end: '08:00' },
  language: 'zh',
  digest: false,
};

export async function notificationSettings(db: Db, organisationId: string): Promise<NotificationSettings> {
  const row = await db.kysely
    .selectFrom('notification_settings')
    .select('settings')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ? { ...defaultNotificationSettings, ...JSON.parse(row.settings) } : defaultNotificationSettings;
}

export async function saveNotificationSettings(
  db: Db,
  organisationId: string,
  settings: NotificationSettings,
): Promise<NotificationSettings> {
  const offsets = [...new Set(settings.offsets)].sort((a, b) => b - a);
  const value = JSON.stringify({ ...settings, offsets });
  const at = db.clock.now().toISOString();
  await db.kysely
    .insertInto('notification_settings')
    .values({ organisation_id: organisationId, settings: value, updated_at: at })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ settings: value, updated_at: at }))
    .execute();
  return { ...settings, offsets };
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const CHINA_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai has kept UTC+8 without daylight saving since 1991

/** the end of the quiet time `at` falls in, or `at` itself when it is not quiet */
export function afterQuietHours(at: Date, quiet: QuietHours | null): Date {
  if (!quiet) return at;
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  const now = local.getUTCHours() * 60 + local.getUTCMinutes();
  const [start, end] = [minutes(quiet.start), minutes(quiet.end)];
  const quietNow = start <= end ? now >= start && now < end : now >= start || now < end;
  if (!quietNow) return at;
  const wait = (end - now + 24 * 60) % (24 * 60);
  const out = new Date(at.getTime() + wait * 60_000);
  out.setUTCSeconds(0, 0);
  return out;
}
