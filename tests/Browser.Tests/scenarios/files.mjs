// The file manager: new folder, uploads with progress, rename, move into the folder, download, delete.
import { readFile } from 'node:fs/promises';
import { log, run, shot, signIn, waitInPage } from './lib.mjs';

const row = (page, name) => page.locator(`[data-testid="file-row"][data-name="${name}"]`);

await run(async (config, { page }) => {
  const shots = [];
  const greeting = 'hello from the browser test\n';
  const big = Buffer.alloc(300 * 1024, 7);
  await page.goto(config.baseUrl + '/');
  await signIn(page, config.user);
  await page.getByRole('link', { name: 'Files' }).click();
  await page.getByTestId('files-table').waitFor();

  // New folder.
  await page.getByTestId('new-folder').click();
  await page.getByTestId('dialog-input').fill('reports');
  await page.getByTestId('dialog-confirm').click();
  await row(page, 'reports').waitFor({ timeout: 15_000 });

  // Upload two files (progress rows go to "done").
  await page.getByTestId('file-input').setInputFiles([
    { name: 'hello.txt', mimeType: 'text/plain', buffer: Buffer.from(greeting) },
    { name: 'data.bin', mimeType: 'application/octet-stream', buffer: big },
  ]);
  await waitInPage(page, () => {
    const rows = [...document.querySelectorAll('[data-testid="upload-row"]')];
    return rows.length === 2 && rows.every((r) => r.dataset.state === 'done');
  }, null, 30_000, 'both uploads done');
  await row(page, 'hello.txt').waitFor({ timeout: 15_000 });
  await row(page, 'data.bin').waitFor({ timeout: 15_000 });
  shots.push(await shot(page, config, 'files-uploaded'));

  // Rename.
  await row(page, 'hello.txt').getByTestId('file-rename').click();
  await page.getByTestId('dialog-input').fill('greeting.txt');
  await page.getByTestId('dialog-confirm').click();
  await row(page, 'greeting.txt').waitFor({ timeout: 15_000 });
  await row(page, 'hello.txt').waitFor({ state: 'detached', timeout: 15_000 });

  // Move into the folder.
  await row(page, 'greeting.txt').getByTestId('file-move').click();
  await page.getByTestId('dialog-select').selectOption('reports/');
  await page.getByTestId('dialog-confirm').click();
  await row(page, 'greeting.txt').waitFor({ state: 'detached', timeout: 15_000 });

  // Delete.
  await row(page, 'data.bin').getByTestId('file-delete').click();
  await page.getByTestId('dialog-confirm').click();
  await row(page, 'data.bin').waitFor({ state: 'detached', timeout: 15_000 });

  // Open the folder and download the moved file.
  await row(page, 'reports').locator('button.folder').click();
  await row(page, 'greeting.txt').waitFor({ timeout: 15_000 });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), row(page, 'greeting.txt').getByTestId('file-download').click()]);
  const downloaded = await readFile(await download.path(), 'utf8');
  shots.push(await shot(page, config, 'files-folder'));
  log(`downloaded ${JSON.stringify(downloaded)}`);
  return { downloaded, expected: greeting, bigSize: big.length, screenshots: shots };
});
