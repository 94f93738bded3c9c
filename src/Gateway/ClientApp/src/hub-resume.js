/**
 * How a LiveClient resumes its session: after a dropped connection (once it is back) and after the
 * server said `resume_required` / `session_ended` on a connection that stayed up. Either way:
 * StartSession with the sessionId and `lastSegmentId` (the server resends every final after it),
 * then the ring is resent from the `nextSeq` it answers.
 */
import { HubConnectionState } from '@microsoft/signalr';
import { backoffDelay } from './core/backoff.js';
import { errorCode, errorText } from './core/hub-errors.js';

/** Resumes now (one resume at a time: a second caller joins the running one). */
export function resume(client) {
  if (client._resuming) {
    return client._resuming;
  }
  client._resuming = (async () => {
    const request = { ...client._options, sessionId: client.sessionId };
    const last = client.transcript.lastSegmentId;
    if (last !== null) {
      request.lastSegmentId = last;
    }
    const response = await client._connection.invoke('StartSession', request);
    client._subject?.complete();
    const { replayed, lost } = client._openStream(response.nextSeq);
    client.stats.resumes++;
    client._on.onResumed?.({ nextSeq: response.nextSeq, replayed, lost, lastSegmentId: last });
  })().finally(() => {
    client._resuming = null;
  });
  return client._resuming;
}

/** The session must be resumed: end the current stream (its frames stay in the ring) and resume. */
export function needsResume(client, reason) {
  if (!client._active) {
    return;
  }
  const subject = client._subject;
  client._subject = null;
  subject?.complete();
  client._on.onResuming?.(reason);
  if (client._connection?.state === HubConnectionState.Connected) {
    resume(client).catch((error) => resumeFailed(client, error));
  }
  // Otherwise the reconnect (onreconnected / restart) resumes.
}

/** A resume failed (e.g. capacity_exhausted right after a failover): report it, try again shortly. */
export function resumeFailed(client, error) {
  client._on.onError?.({ code: errorCode(error), message: `could not resume the session: ${errorText(error)}` });
  if (client._active) {
    setTimeout(() => client._active && client._connection?.state === HubConnectionState.Connected && resume(client).catch((e) => resumeFailed(client, e)), 2000);
  }
}

/** Automatic reconnect gave up or the server closed us (e.g. the token expired): start over. */
export async function restart(client, failures) {
  if (!client._active) {
    return;
  }
  try {
    client._on.onConnection?.('reconnecting');
    await client._connection.start();
    client.stats.reconnects++;
    client._on.onConnection?.('connected');
    await resume(client);
  } catch {
    setTimeout(() => restart(client, failures + 1), backoffDelay(failures + 1, { baseMs: 500, maxMs: 5000 }));
  }
}
