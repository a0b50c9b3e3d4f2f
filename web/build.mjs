// Build the app into dist/: index.html plus content-hashed files under
// dist/assets/ (served by Flask at /assets/...).  `--watch` rebuilds on change.
//
// esbuild alone, not Vite: Vite's Rollup needs per-platform optional packages
// that the registry mirror used here does not carry, which breaks `npm ci`.

import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');

/** Write dist/index.html pointing at the hashed bundle and stylesheet. */
const writeHtml = {
  name: 'write-html',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length) return;
      const outputs = Object.entries(result.metafile.outputs);
      const [jsFile, js] = outputs.find(([, o]) => o.entryPoint === 'src/main.js');
      const url = (file) => `/assets/${path.basename(file)}`;
      const css = js.cssBundle ? `  <link rel="stylesheet" href="${url(js.cssBundle)}" />\n` : '';
      const template = await readFile(path.join(root, 'index.html'), 'utf8');
      const html = template
        .replace('</head>', `${css}  </head>`)
        .replace(/<script type="module" src="\/src\/main\.js"><\/script>/, `<script type="module" src="${url(jsFile)}"></script>`);
      await writeFile(path.join(dist, 'index.html'), html);
      console.log(`built ${url(jsFile)}${js.cssBundle ? ` and ${url(js.cssBundle)}` : ''}`);
    });
  },
};

await rm(dist, { recursive: true, force: true });
const options = {
  absWorkingDir: root,
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm',
  target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
  minify: !watch,
  sourcemap: watch ? 'linked' : false,
  legalComments: 'none',
  outdir: 'dist/assets',
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  plugins: [writeHtml],
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log('watching src/ (Ctrl+C to stop)');
} else {
  await esbuild.build(options);
}
