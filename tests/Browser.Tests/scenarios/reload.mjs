// A reload while chunks are still uploading: storage PUTs hang (never answered) during the recording,
// so after Stop the chunks are pending; the page is reloaded, the user signs in again, and the chunks
// kept in IndexedDB are uploaded and the session finalized.
import { chunkRows, log, recorderStats, run, shot, signIn, startRecording, stopRecording, waitAllSynced, waitForFrames, waitInPage } from './lib.mjs';

await run(async (config, { page }) => {
  const shots = [];
  const held = [];
  await page.route('**/blobs/**', (route) => {
    if (route.request().method() === 'PUT') {
      held.push(route); // hangs: an upload in flight that never finishes
      return;
    }
    return route.continue();
  });

  await page.goto(config.baseUrl + '/');
  await signIn(page, config.user);
  await startRecording(page, { chunkSeconds: config.chunkSeconds });
  const sessionId = (await recorderStats(page)).sessionId;
  await waitForFrames(page, config.frames, 30_000);
  await stopRecording(page);
  const stats = await recorderStats(page);
  await waitInPage(page, (id) => [...document.querySelectorAll('[data-testid="chunk-status"]')].filter((r) => r.dataset.session === id).some((r) => r.dataset.state === 'uploading'), sessionId, 15_000, 'a chunk upload in flight');
  const before = (await chunkRows(page)).filter((c) => c.session === sessionId);
  shots.push(await shot(page, config, 'reload-pending'));
  log(`before reload: ${JSON.stringify(before)}; ${held.length} PUTs held`);

  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.reload();
  await signIn(page, config.user);
  await waitAllSynced(page, sessionId, 60_000);
  await waitInPage(page, (id) => document.body.dataset.lastFinalized === id, sessionId, 30_000, 'the session to be finalized');
  const after = (await chunkRows(page)).filter((c) => c.session === sessionId);
  shots.push(await shot(page, config, 'reload-synced'));
  return { sessionId, heldPuts: held.length, before, after, stats, screenshots: shots };
});
