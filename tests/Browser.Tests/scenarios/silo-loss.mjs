// A silo lost mid-recording while the page's hub connection stays up: the session's node goes away,
// the hub answers `resume_required`, and the page must resume the session on the surviving silo
// (StartSession with its id and lastSegmentId, resend from nextSeq) so the live transcript goes on
// with later words and shows no final twice. The test stops the silo when it reads the SIGNAL line.
import { log, recorderStats, run, shot, signIn, startRecording, stopRecording, transcriptText, waitForFrames, waitInPage } from './lib.mjs';

function segments(page) {
  return page.$$eval('[data-testid="transcript"] .finals .segment', (nodes) =>
    nodes.map((n) => ({ id: Number(n.dataset.segment), text: n.textContent.replace(/\s+/g, ' ').trim() })),
  );
}

function siloOf(page) {
  return page.evaluate(() => (document.querySelector('[data-testid="session-state"]').title ?? '').split(' · ')[0]);
}

await run(async (config, { page }) => {
  const shots = [];
  await page.goto(config.baseUrl + '/');
  await signIn(page, config.user);
  await startRecording(page, { chunkSeconds: 5 });
  const sessionId = (await recorderStats(page)).sessionId;
  await waitInPage(page, () => document.querySelectorAll('[data-testid="transcript"] .finals .segment').length >= 1, null, 90_000, 'a first final');
  const silo = await siloOf(page);
  const before = await segments(page);
  shots.push(await shot(page, config, 'before-silo-loss'));

  log(`SIGNAL stop-silo ${silo}`);
  await waitInPage(page, () => Number(document.querySelector('[data-testid="stats"]').dataset.resumes ?? 0) >= 1, null, 180_000, 'the session to resume');
  await waitInPage(page, (lost) => {
    const state = document.querySelector('[data-testid="session-state"]');
    return state.dataset.state === 'streaming' && state.title.split(' · ')[0] !== lost;
  }, silo, 60_000, 'the session to stream on another silo');
  const resumedOn = await siloOf(page);
  const banner = await page.getByTestId('banner').textContent();
  const atResume = await segments(page);
  shots.push(await shot(page, config, 'resumed'));

  // Later words: a final the page did not have when the session resumed.
  await waitInPage(page, (n) => document.querySelectorAll('[data-testid="transcript"] .finals .segment').length > n, atResume.length, 120_000, 'a final after the resume');
  await waitForFrames(page, Math.round(config.seconds * 10), config.seconds * 1000 + 60_000);
  await stopRecording(page);
  shots.push(await shot(page, config, 'silo-loss-done'));

  return {
    sessionId,
    silo,
    resumedOn,
    banner,
    before,
    atResume,
    after: await segments(page),
    transcript: await transcriptText(page),
    stats: { ...(await recorderStats(page)), resumes: await page.evaluate(() => Number(document.querySelector('[data-testid="stats"]').dataset.resumes ?? 0)) },
    screenshots: shots,
  };
});
