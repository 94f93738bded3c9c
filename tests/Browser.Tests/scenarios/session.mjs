// The session library and a session's page: the manifest, a chunk played on its own, a word clicked
// to seek the audio, the whole recording played in order, exports, the phone layout, and delete.
import { readFile } from 'node:fs/promises';
import { log, run, shot, signIn, waitInPage } from './lib.mjs';

await run(async (config, { page }) => {
  const shots = [];
  const { sessionId } = config;
  await page.goto(config.baseUrl + '/');
  await signIn(page, config.user);

  await page.getByRole('link', { name: 'Sessions' }).click();
  const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
  await row.waitFor({ timeout: 15_000 });
  shots.push(await shot(page, config, 'sessions'));
  const listedChunks = Number(await row.locator('td').nth(2).textContent());

  await row.getByRole('link').click();
  await page.getByTestId('manifest-status').waitFor({ timeout: 15_000 });
  await page.getByTestId('manifest-chunk').first().waitFor({ timeout: 15_000 });
  const manifestStatus = await page.getByTestId('manifest-status').textContent();
  const chunkRows = await page.getByTestId('manifest-chunk').count();
  const words = await page.getByTestId('session-word').count();
  shots.push(await shot(page, config, 'session'));

  // One chunk on its own (the second: it must carry its own container header to play).
  await page.locator('[data-testid="manifest-chunk"][data-seq="1"]').getByTestId('chunk-play').click();
  const single = await waitInPage(
    page,
    () => {
      const a = document.querySelector('[data-testid="player"]');
      return a.dataset.seq === '1' && a.currentTime > 0.5 && !a.error ? { seq: Number(a.dataset.seq), currentTime: a.currentTime, duration: a.duration } : null;
    },
    null,
    15_000,
    'chunk 1 playing',
  );
  log(`chunk 1 plays: ${JSON.stringify(single)}`);

  // A word well inside a later chunk seeks there: playback starts at its offset in that chunk.
  const chunkTimes = await page.$$eval('[data-testid="manifest-chunk"]', (rows) => rows.map((r) => ({ seq: Number(r.dataset.seq), tStartMs: Number(r.dataset.tStartMs), tEndMs: Number(r.dataset.tEndMs) })));
  const target = await page.evaluate((chunks) => {
    const words = [...document.querySelectorAll('[data-testid="session-word"]')].map((b) => ({ b, startMs: Number(b.dataset.startMs) }));
    for (const c of [...chunks].reverse().filter((c) => c.seq > 0)) {
      const hit = words.find((w) => w.startMs >= c.tStartMs + 1500 && w.startMs < c.tEndMs - 300);
      if (hit) {
        hit.b.dataset.target = 'yes';
        return { word: hit.b.textContent, startMs: hit.startMs, seq: c.seq, offset: (hit.startMs - c.tStartMs) / 1000 };
      }
    }
    return null;
  }, chunkTimes);
  if (!target) {
    throw new Error('no word lies 1.5 s or more inside a chunk after the first');
  }
  await page.evaluate(() => {
    const a = document.querySelector('[data-testid="player"]');
    a.pause();
    window.__timeupdates = [];
    if (!window.__listening) {
      window.__listening = true;
      a.addEventListener('timeupdate', () => window.__timeupdates.push({ seq: Number(a.dataset.seq), t: a.currentTime }));
    }
  });
  await page.locator('[data-testid="session-word"][data-target="yes"]').click();
  const seek = await waitInPage(
    page,
    (seq) => {
      const seen = window.__timeupdates.filter((u) => u.seq === seq && u.t > 0);
      return seen.length >= 3 ? { seq, first: seen[0].t, min: Math.min(...seen.map((u) => u.t)), updates: seen.length } : null;
    },
    target.seq,
    15_000,
    `playback from the word "${target.word}"`,
  );
  log(`seek: ${JSON.stringify({ target, seek })}`);
  shots.push(await shot(page, config, 'session-playing'));

  // The whole recording in order: chunk 0 plays to its end, then chunk 1 starts.
  await page.getByTestId('play-all').click();
  await waitInPage(page, () => document.querySelector('[data-testid="player"]').dataset.seq === '0', null, 10_000, 'play-all to start at chunk 0');
  await waitInPage(page, () => {
    const a = document.querySelector('[data-testid="player"]');
    return a.dataset.seq === '1' && a.currentTime > 0.2;
  }, null, 20_000, 'play-all to continue with chunk 1');
  const playAll = true;

  // Exports.
  const exports = {};
  for (const format of ['txt', 'srt', 'vtt', 'json']) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.getByTestId(`export-${format}`).click()]);
    const text = await readFile(await download.path(), 'utf8');
    exports[format] = { name: download.suggestedFilename(), text: format === 'json' ? null : text.slice(0, 4000) };
    if (format === 'json') {
      const parsed = JSON.parse(text);
      exports.json.sessionId = parsed.sessionId;
      exports.json.segments = parsed.segments?.length ?? 0;
    }
  }

  // Phone layout of this page and of the recorder.
  await page.setViewportSize({ width: 390, height: 844 });
  shots.push(await shot(page, config, 'session-mobile'));
  await page.getByRole('link', { name: 'Record' }).click();
  await page.getByTestId('record').waitFor();
  shots.push(await shot(page, config, 'recorder-mobile'));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goBack();
  await page.getByTestId('delete-session').waitFor();

  // Delete, through the confirmation dialog.
  await page.getByTestId('delete-session').click();
  await page.getByTestId('dialog-confirm').click();
  await page.waitForURL((url) => url.pathname === '/sessions', { timeout: 15_000 });
  await waitInPage(page, (id) => !document.querySelector(`[data-testid="session-row"][data-session-id="${id}"]`) && document.querySelector('[data-testid="sessions-table"]'), sessionId, 15_000, 'the session row to go');

  return { listedChunks, manifestStatus, chunkRows, chunkTimes, words, single, target, seek, playAll, exports, screenshots: shots };
});
