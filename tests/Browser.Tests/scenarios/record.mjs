// Sign in (dev), record the fake microphone's speech, stop, and wait until every chunk is synced and
// the session is finalized. Reports the transcript, the chunks and the recorder's counters.
import { chunkRows, log, recorderStats, run, shot, signIn, startRecording, stopRecording, transcriptText, waitAllSynced, waitForFrames, waitInPage } from './lib.mjs';

await run(async (config, { page }) => {
  const shots = [];
  await page.goto(config.baseUrl + '/');
  shots.push(await shot(page, config, 'signin'));
  await signIn(page, config.user);
  shots.push(await shot(page, config, 'recorder-idle'));

  await startRecording(page, { chunkSeconds: config.chunkSeconds ?? 5 });
  const sessionId = (await recorderStats(page)).sessionId;
  log(`recording session ${sessionId}`);
  await waitForFrames(page, Math.round(config.seconds * 5), config.seconds * 1000 + 20_000);
  // Mid-recording: partials in grey, the level meter moving.
  shots.push(await shot(page, config, 'recorder-live'));
  await waitForFrames(page, Math.round(config.seconds * 10), config.seconds * 1000 + 20_000);
  await stopRecording(page);
  await waitAllSynced(page, sessionId, 60_000);
  await waitInPage(page, (id) => document.body.dataset.lastFinalized === id, sessionId, 30_000, 'the session to be finalized');
  shots.push(await shot(page, config, 'recorder-done'));

  const stats = await recorderStats(page);
  const chunks = (await chunkRows(page)).filter((c) => c.session === sessionId);
  const transcript = await transcriptText(page);
  log(`transcript: ${transcript}`);
  return { sessionId, transcript, chunks, stats, screenshots: shots };
});
