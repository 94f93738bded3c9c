// Shared helpers of the browser scenarios: launch Debian's chromium with a fake microphone, sign in,
// wait for conditions with deadlines (never fixed sleeps as synchronisation), screenshots, and the
// single RESULT line the C# test reads.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The scenario's settings (one JSON argument from the C# test). */
export function settings() {
  const config = JSON.parse(process.argv[2] ?? '{}');
  for (const key of ['baseUrl', 'outDir', 'wav', 'chromium']) {
    if (!config[key]) {
      throw new Error(`missing setting: ${key}`);
    }
  }
  mkdirSync(config.outDir, { recursive: true });
  return config;
}

export function log(...parts) {
  console.log(`[${new Date().toISOString().slice(11, 23)}]`, ...parts);
}

/**
 * Launches chromium with the WAV as microphone and opens a page on the app.
 * @returns {Promise<{browser, context, page, problems: string[]}>}
 */
export async function launch(config, { viewport = { width: 1280, height: 900 } } = {}) {
  const args = [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${config.wav}%noloop`,
    '--autoplay-policy=no-user-gesture-required',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-gpu',
    '--disable-dev-shm-usage',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    args.push('--no-sandbox');
  }
  const browser = await chromium.launch({ executablePath: config.chromium, headless: true, args, timeout: 60_000 });
  const context = await browser.newContext({ viewport, acceptDownloads: true, permissions: ['microphone'] });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to (load|execute|apply|connect)/i.test(text)) {
      problems.push(`csp: ${text}`);
    }
    if (message.type() === 'error' || message.type() === 'warning') {
      log(`console.${message.type()}: ${text}`);
    }
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { browser, context, page, problems };
}

/** Signs in with the dev form and waits for the recorder. */
export async function signIn(page, user) {
  await page.getByTestId('dev-user').waitFor({ timeout: 15_000 });
  await page.getByTestId('dev-user').fill(user);
  await page.getByTestId('dev-signin').click();
  await page.getByTestId('account-name').filter({ hasText: user }).waitFor({ timeout: 15_000 });
}

/** Saves a full-page screenshot as NAME.png in the output folder. */
export async function shot(page, config, name) {
  const path = join(config.outDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  log(`screenshot ${path}`);
  return `${name}.png`;
}

/** Polls `check` in the page until it returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function waitInPage(page, check, arg, timeoutMs, what) {
  try {
    const handle = await page.waitForFunction(check, arg, { timeout: timeoutMs, polling: 200 });
    return await handle.jsonValue();
  } catch (error) {
    throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what} (${error.message.split('\n')[0]})`);
  }
}

/** Every chunk row of the recorder. */
export function chunkRows(page) {
  return page.$$eval('[data-testid="chunk-status"]', (rows) =>
    rows.map((r) => ({ seq: Number(r.dataset.seq), state: r.dataset.state, attempts: Number(r.dataset.attempts), session: r.dataset.session })),
  );
}

/** The recorder's counters (data-* of the stats element) and phase. */
export function recorderStats(page) {
  return page.evaluate(() => {
    const d = document.querySelector('[data-testid="stats"]').dataset;
    return {
      phase: document.querySelector('.recorder').dataset.phase,
      sessionId: d.sessionId ?? null,
      framesCaptured: Number(d.framesCaptured ?? 0),
      framesSent: Number(d.framesSent ?? 0),
      framesReplayed: Number(d.framesReplayed ?? 0),
      framesLost: Number(d.framesLost ?? 0),
      reconnects: Number(d.reconnects ?? 0),
      gaps: Number(d.gaps ?? 0),
      loudestDb: Number(d.loudestDb ?? -100),
      nextSeq: d.nextSeq === undefined ? null : Number(d.nextSeq),
      finals: d.finals === undefined ? null : Number(d.finals),
      audioReceivedMs: d.audioReceivedMs === undefined ? null : Number(d.audioReceivedMs),
      latency: document.querySelector('[data-testid="latency"]').textContent,
      sessionState: document.querySelector('[data-testid="session-state"]').textContent,
    };
  });
}

/** Clicks Record and waits until the live session streams. */
export async function startRecording(page, { chunkSeconds = 5 } = {}) {
  await page.getByTestId('chunk-seconds').selectOption(String(chunkSeconds));
  await page.getByTestId('record').click();
  await waitInPage(page, () => document.querySelector('.recorder')?.dataset.phase === 'recording', null, 20_000, 'the recorder to start');
  await waitInPage(page, () => document.querySelector('[data-testid="session-state"]')?.dataset.state === 'streaming', null, 20_000, 'the session to stream');
}

/** Waits until `frames` 100 ms frames were captured (i.e. frames/10 seconds of audio). */
export async function waitForFrames(page, frames, timeoutMs) {
  await waitInPage(page, (n) => Number(document.querySelector('[data-testid="stats"]')?.dataset.framesCaptured ?? 0) >= n, frames, timeoutMs, `${frames} captured frames`);
}

/** Clicks Stop and waits for the summary (StopSession returned after the last final). */
export async function stopRecording(page, timeoutMs = 90_000) {
  await page.getByTestId('stop').click();
  await waitInPage(page, () => document.querySelector('.recorder')?.dataset.phase === 'idle' && !document.querySelector('[data-testid="summary"]').hidden, null, timeoutMs, 'the recording to stop');
}

/** Waits until every chunk row of `sessionId` is synced. */
export async function waitAllSynced(page, sessionId, timeoutMs) {
  await waitInPage(
    page,
    (id) => {
      const rows = [...document.querySelectorAll('[data-testid="chunk-status"]')].filter((r) => r.dataset.session === id);
      return rows.length > 0 && rows.every((r) => r.dataset.state === 'synced');
    },
    sessionId,
    timeoutMs,
    `every chunk of ${sessionId} synced`,
  );
}

/** The final transcript text shown on the recorder page. */
export function transcriptText(page) {
  return page.$eval('[data-testid="transcript"] .finals', (el) => el.textContent.replace(/\s+/g, ' ').trim());
}

/** Runs the scenario body, prints RESULT {...} and exits (1 on failure, with a screenshot). */
export async function run(body) {
  let config;
  let env;
  const started = Date.now();
  try {
    config = settings();
    env = await launch(config);
    const result = await body(config, env);
    result.problems = env.problems;
    result.elapsedMs = Date.now() - started;
    console.log(`RESULT ${JSON.stringify({ ok: true, ...result })}`);
    await env.browser.close();
    process.exit(0);
  } catch (error) {
    let screenshot = null;
    try {
      if (env?.page && config) {
        screenshot = await shot(env.page, config, 'failure');
      }
    } catch {
      // the page may be gone
    }
    console.log(`RESULT ${JSON.stringify({ ok: false, error: String(error?.stack ?? error), screenshot, problems: env?.problems ?? [] })}`);
    await env?.browser?.close().catch(() => {});
    process.exit(1);
  }
}
