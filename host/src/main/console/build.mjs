// Builds the console into OUT (the daemon's jar resources): OUT/index.html, OUT/assets/*, and
// OUT/files.txt, the list of files the daemon serves. The ctx API completions are derived here
// from polytrace.d.ts, so the editor offers what handlers really have.
//
//   node build.mjs OUT_DIR PATH/TO/polytrace.d.ts
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ctxApi } from './tools/ctx-api.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [outArg, dtsArg] = process.argv.slice(2);
if (!outArg || !dtsArg) {
  console.error('usage: node build.mjs OUT_DIR polytrace.d.ts');
  process.exit(2);
}
const out = resolve(outArg);
const api = ctxApi(readFileSync(dtsArg, 'utf8'));

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const ctxApiModule = {
  name: 'ctx-api',
  setup(b) {
    b.onResolve({ filter: /^virtual:ctx-api$/ }, () => ({ path: 'ctx-api', namespace: 'ctx-api' }));
    b.onLoad({ filter: /.*/, namespace: 'ctx-api' }, () => ({ contents: JSON.stringify(api), loader: 'json' }));
  },
};

const result = await build({
  entryPoints: [join(here, 'src/main.js')],
  bundle: true,
  format: 'esm',
  minify: true,
  target: ['chrome109', 'firefox115', 'safari16'],
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  legalComments: 'none', // the licenses of what is bundled go to assets/licenses.txt instead
  metafile: true,
  plugins: [ctxApiModule],
  logLevel: 'warning',
});

if (result.warnings.length > 0) {
  throw new Error(`esbuild warned ${result.warnings.length} time(s) (above): fix the sources`);
}

const outputs = Object.keys(result.metafile.outputs).map((f) => relative(out, resolve(f)));
const js = outputs.find((f) => f.endsWith('.js'));
const css = outputs.find((f) => f.endsWith('.css'));
if (!js || !css) {
  throw new Error(`esbuild wrote no script or no stylesheet: ${outputs.join(', ')}`);
}

const icon = readFileSync(join(here, 'src/icon.svg'));
const iconName = `assets/icon-${createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`;
writeFileSync(join(out, iconName), icon);

writeFileSync(join(out, 'assets/licenses.txt'), licenses(result.metafile));

const page = readFileSync(join(here, 'src/index.html'), 'utf8')
  .replaceAll('%APP_JS%', '/' + js)
  .replaceAll('%APP_CSS%', '/' + css)
  .replaceAll('%ICON%', '/' + iconName);
writeFileSync(join(out, 'index.html'), page);

const files = ['index.html', js, css, iconName, 'assets/licenses.txt'];
writeFileSync(join(out, 'files.txt'), files.join('\n') + '\n');
console.log(`console: ${files.length} files in ${out}`);

/** The license texts of the npm packages whose code is in the bundle. */
function licenses(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m && !packages.has(m[1])) {
      packages.set(m[1], join(here, 'node_modules', m[1]));
    }
  }
  const parts = ['Third-party code bundled into the polytrace console:\n'];
  for (const [name, dir] of [...packages].sort()) {
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].map((f) => join(dir, f)).find(existsSync);
    parts.push(`== ${name} ${meta.version} (${meta.license ?? 'see package'}) ==\n${file ? readFileSync(file, 'utf8') : ''}`);
  }
  return parts.join('\n');
}
