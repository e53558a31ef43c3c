// Client-side rules for webhook endpoints, mirroring the server's
// (internal/webhook): the server still decides, e.g. about private addresses.

/** The most endpoints one user may register. */
export const MAX_WEBHOOKS = 5;

const MAX_URL = 2048;

/** The message to show under the URL field, or undefined when it may be sent. */
export function validateWebhookUrl(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return 'Enter the URL of your endpoint.';
  if (v.length > MAX_URL) return `Use a URL of at most ${MAX_URL} characters.`;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'Enter a full URL starting with http:// or https://.';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return 'Enter a full URL starting with http:// or https://.';
  }
  if (url.username !== '' || url.password !== '') return 'Leave the user name and password out of the URL.';
  return undefined;
}

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium' });
const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

/** "Nov 24, 2022, 7:24:05 PM", in the browser's time zone. */
export function formatDateTime(t: string): string {
  return dateTime.format(new Date(t));
}

/** "Nov 24, 2022" */
export function formatDate(t: string): string {
  return date.format(new Date(t));
}
