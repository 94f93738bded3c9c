/**
 * Coded hub failures: every failed hub method's message starts with a stable code ("code: text"),
 * possibly behind SignalR's "HubException: " wrapper; Error events carry the code on their own.
 */
/** "code: text" at the start of a message or after SignalR's "HubException: " wrapper. */
const CODED = /(?:^|:\s)([a-z_]+): /;

/** The code of a coded hub error ("capacity_exhausted: ..."), or 'internal'. */
export function errorCode(error) {
  const match = CODED.exec(String(error?.message ?? ''));
  return match ? match[1] : error?.message?.includes('disconnected') || error?.message?.includes('connection') ? 'network' : 'internal';
}

/** The text of a coded hub error without SignalR's wrapper. */
export function errorText(error) {
  const message = String(error?.message ?? error ?? 'error');
  const match = CODED.exec(message);
  return match ? message.slice(match.index + match[0].indexOf(match[1])) : message;
}

/** Codes after which the session continues by StartSession with its id (the connection may be fine). */
export const RESUME_CODES = new Set(['resume_required', 'session_ended']);
