import { Button } from '../../../components/Button';
import { Spinner } from '../../../components/Spinner';
import type { Webhook, WebhookDelivery } from '../../../lib/types';
import { useDeliveries } from './queries';
import { formatDateTime } from './rules';

/** How many attempts the log shows (the server keeps the latest 100). */
export const LOG_ROWS = 20;

/** An endpoint's latest delivery attempts, newest first, refreshed while shown. */
export function DeliveryLog({ hook }: { hook: Webhook }) {
  const log = useDeliveries(hook.id);

  if (log.isPending) {
    return (
      <div className="delivery-log__note">
        <Spinner size={20} label="Loading delivery log" />
      </div>
    );
  }
  if (log.isError) {
    return (
      <div className="delivery-log__note">
        <p>The delivery log failed to load.</p>
        <Button variant="secondary" size="s" onClick={() => void log.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  if (log.data.length === 0) {
    return (
      <p className="delivery-log__note">No deliveries yet. Events are sent when your channel goes live.</p>
    );
  }
  const rows = log.data.slice(0, LOG_ROWS);
  return (
    <div className="delivery-log">
      <table className="delivery-log__table">
        <caption className="sr-only">{`Latest deliveries to ${hook.url}`}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Attempt</th>
            <th scope="col">Result</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={`${d.deliveryId}/${d.attempt}`}>
              <td>{d.event}</td>
              <td>{d.attempt}</td>
              <td>
                <Result delivery={d} />
              </td>
              <td>
                <time dateTime={d.time}>{formatDateTime(d.time)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.data.length > LOG_ROWS && <p className="delivery-log__more">{`Showing the latest ${LOG_ROWS} attempts.`}</p>}
    </div>
  );
}

/** The endpoint's status code, or why no answer came. */
function Result({ delivery: d }: { delivery: WebhookDelivery }) {
  const ok = d.statusCode >= 200 && d.statusCode < 300;
  const text = d.statusCode > 0 ? String(d.statusCode) : d.error || 'No answer';
  return <span className={`delivery-log__result delivery-log__result--${ok ? 'ok' : 'failed'}`}>{text}</span>;
}
