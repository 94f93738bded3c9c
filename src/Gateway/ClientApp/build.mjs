// Builds the web app into dist/ with esbuild: everything bundled at build time, nothing loaded from a
// CDN at run time, content-hashed file names, no inline script or style (the CSP forbids them).
//
//   node build.mjs            build when any input changed since the last build (idempotent)
//   node build.mjs --force    build anyway
//
// Output: dist/index.html, dist/favicon.svg, dist/assets/{app,capture-worklet}-HASH.js(+.map),
// dist/assets/app-HASH.css, dist/.build-hash (the hash of the inputs).
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const force = process.argv.includes('--force');
const target = ['es2022', 'chrome100', 'firefox100', 'safari15.4', 'edge100'];

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...(await files(path)));
    } else {
      out.push(path);
    }
  }
  return out;
}

async function inputHash() {
  const inputs = [
    ...(await files(join(root, 'src'))),
    ...(await files(join(root, 'styles'))),
    ...(await files(join(root, 'public'))),
    join(root, 'index.html'),
    join(root, 'build.mjs'),
    join(root, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of inputs) {
    hash.update(relative(root, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

function outputOf(result, entry) {
  const [file] = Object.entries(result.metafile.outputs).find(([, meta]) => meta.entryPoint === entry) ?? [];
  if (!file) {
    throw new Error(`no output for ${entry}`);
  }
  return '/' + relative(staging, join(root, file)).split('\\').join('/');
}

const hash = await inputHash();
const stamp = join(dist, '.build-hash');
if (!force && (await readFile(stamp, 'utf8').catch(() => '')) === hash && (await stat(join(dist, 'index.html')).catch(() => null))) {
  console.log('web app: up to date (dist/)');
  process.exit(0);
}

const started = Date.now();
const staging = join(root, 'dist.tmp');
await rm(staging, { recursive: true, force: true });
await mkdir(join(staging, 'assets'), { recursive: true });

const common = { bundle: true, minify: true, sourcemap: 'linked', target, metafile: true, logLevel: 'warning', legalComments: 'linked', absWorkingDir: root };

// 1. The AudioWorklet (its own module: it runs in the AudioWorkletGlobalScope).
const worklet = await esbuild.build({
  ...common,
  entryPoints: ['src/worklet/capture-worklet.js'],
  outdir: join(staging, 'assets'),
  entryNames: '[name]-[hash]',
  format: 'esm',
});
const workletUrl = outputOf(worklet, 'src/worklet/capture-worklet.js');

// 2. The app, which needs to know the worklet's hashed URL.
const app = await esbuild.build({
  ...common,
  entryPoints: { app: 'src/main.js' },
  outdir: join(staging, 'assets'),
  entryNames: '[name]-[hash]',
  format: 'esm',
  platform: 'browser',
  define: { WORKLET_URL: JSON.stringify(workletUrl) },
});
const appUrl = outputOf(app, 'src/main.js');

// 3. The stylesheet.
const css = await esbuild.build({
  ...common,
  entryPoints: { app: 'styles/app.css' },
  outdir: join(staging, 'assets'),
  entryNames: '[name]-[hash]',
});
const cssUrl = outputOf(css, 'styles/app.css');

// 4. index.html and the static files.
const html = (await readFile(join(root, 'index.html'), 'utf8')).replace('{{JS}}', appUrl).replace('{{CSS}}', cssUrl);
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html) || /\sstyle=/i.test(html)) {
  throw new Error('index.html must not contain inline scripts or styles (CSP)');
}
await writeFile(join(staging, 'index.html'), html);
await cp(join(root, 'public'), staging, { recursive: true });
await writeFile(join(staging, '.build-hash'), hash);

// Swap in the new build at once, so a running gateway never serves a half-written dist/.
await rm(dist, { recursive: true, force: true });
await rename(staging, dist);
const size = (await stat(join(dist, appUrl))).size;
console.log(`web app: built dist/ in ${Date.now() - started} ms (${appUrl}, ${Math.round(size / 1024)} KB; ${workletUrl}; ${cssUrl})`);
