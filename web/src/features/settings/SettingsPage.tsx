import type { ReactNode } from 'react';
import { useId } from 'react';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AccountSettings } from './AccountSettings';
import { ChannelSettings } from './ChannelSettings';
import { StreamSettings } from './StreamSettings';
import { WebhookSettings } from './webhooks/WebhookSettings';
import './settings.css';

/** /settings (spec 2.7): Channel settings, Stream settings, Account settings. */
export function SettingsPage() {
  useDocumentTitle('Settings');
  return (
    <div className="page settings">
      <header className="page__header">
        <h1>Settings</h1>
      </header>
      <ChannelSettings />
      <StreamSettings />
      <WebhookSettings />
      <AccountSettings />
    </div>
  );
}

/** One titled card of the settings page. */
export function SettingsSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <section className="settings-section" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="settings-section__title">
        {title}
      </h2>
      <div className="settings-section__body">{children}</div>
    </section>
  );
}
