/** Reminders (owner, admin): the rules, the channels with a test send, and the delivery log. */
import { ChannelsSection } from './channels-section.tsx';
import { DeliveriesSection } from './deliveries-section.tsx';
import { NotificationRules } from './notification-rules.tsx';
import type { TabProps } from './settings-page.tsx';

export function NotificationsTab(_: TabProps) {
  return (
    <div className="settings-tab">
      <NotificationRules />
      <ChannelsSection />
      <DeliveriesSection />
    </div>
  );
}
