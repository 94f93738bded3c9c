import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { backoffDelay } from './core/backoff.js';

/**
 * The SignalR connection of the live path: MessagePack (PCM travels as binary) and automatic
 * reconnects, forever while a session records (`isActive()`), a few times when idle.
 * @param {string} url
 * @param {() => Promise<string>} getToken
 * @param {() => boolean} isActive
 */
export function buildHubConnection(url, getToken, isActive) {
  const connection = new HubConnectionBuilder()
    .withUrl(url, { accessTokenFactory: getToken })
    .withHubProtocol(new MessagePackHubProtocol())
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: (ctx) => (isActive() || ctx.previousRetryCount < 5 ? backoffDelay(ctx.previousRetryCount + 1, { baseMs: 300, maxMs: 5000 }) : null),
    })
    .configureLogging(LogLevel.Warning)
    .build();
  connection.serverTimeoutInMilliseconds = 15_000;
  connection.keepAliveIntervalInMilliseconds = 5_000;
  return connection;
}
