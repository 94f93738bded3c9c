// A network outage in the middle of a recording: the hub's WebSocket is cut and every request to the
// gateway (hub negotiate, REST, storage PUTs) fails for a few seconds; the browser also goes offline.
// The page must show the reconnect, resume the same session from nextSeq out of its ring buffer, retry
// the chunks, and lose no frame.
import { chunkRows, log, recorderStats, run, shot, signIn, startRecording, stopRecording, transcriptText, waitAllSynced, waitForFrames, waitInPage } from './lib.mjs';

await run(async (config, { context, page }) => {
  const shots = [];
  let offline = false;
  const sockets = new Set();
  let blocked = 0;
  await page.routeWebSocket(/\/hubs\/transcription/, (ws) => {
    if (offline) {
      blocked++;
      ws.close({ code: 4000, reason: 'network outage (test)' });
      return;
    }
    const pair = { ws, server: ws.connectToServer() };
    sockets.add(pair);
    ws.onClose(() => sockets.delete(pair));
  });
  await context.route(/\/(api|blobs|hubs)\//, (route) => {
    if (offline) {
      blocked++;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });

  await page.goto(config.baseUrl + '/');
  await signIn(page, config.user);
  await startRecording(page, { chunkSeconds: 5 });
  const sessionId = (await recorderStats(page)).sessionId;
  await waitForFrames(page, config.outageAtFrames, 30_000);

  // Cut.
  const before = await recorderStats(page);
  offline = true;
  await context.setOffline(true);
  for (const { ws, server } of [...sockets]) {
    await ws.close({ code: 4000, reason: 'network outage (test)' }).catch(() => {});
    await server.close().catch(() => {});
  }
  log(`outage begins at frame ${before.framesCaptured}`);
  await waitInPage(page, () => ['reconnecting', 'disconnected'].includes(document.querySelector('[data-testid="connection"]').dataset.state), null, 15_000, 'the page to show the reconnect');
  const bannerDuring = await page.getByTestId('banner').textContent();
  shots.push(await shot(page, config, 'outage'));
  // The outage lasts `outageMs` (a property of the scenario, not a wait for the app).
  await waitForFrames(page, before.framesCaptured + Math.round(config.outageMs / 100), config.outageMs + 10_000);

  // Back.
  offline = false;
  await context.setOffline(false);
  log('outage ends');
  await waitInPage(page, () => /Reconnected/.test(document.querySelector('[data-testid="banner"]').textContent), null, 30_000, 'the session to resume');
  const bannerAfter = await page.getByTestId('banner').textContent();
  shots.push(await shot(page, config, 'reconnected'));

  await waitForFrames(page, Math.round(config.seconds * 10), config.seconds * 1000 + 30_000);
  await stopRecording(page);
  await waitAllSynced(page, sessionId, 90_000);
  await waitInPage(page, (id) => document.body.dataset.lastFinalized === id, sessionId, 30_000, 'the session to be finalized');
  shots.push(await shot(page, config, 'outage-done'));

  return {
    sessionId,
    outageStartFrame: before.framesCaptured,
    blocked,
    bannerDuring,
    bannerAfter,
    transcript: await transcriptText(page),
    chunks: (await chunkRows(page)).filter((c) => c.session === sessionId),
    stats: await recorderStats(page),
    screenshots: shots,
  };
});
