// Static files of the /docs page: Swagger UI from the swagger-ui-dist package, served by the API
// itself (no CDN), plus the page's own script and stylesheet. Only the files the page uses are
// exposed: the package also holds a demo page that loads an example API from the internet.
import path from 'node:path';
import express, { type Router } from 'express';
import { DOCS_INIT_SCRIPT, DOCS_STYLESHEET } from './docs-client';

export const DOCS_ASSETS_PATH = '/docs/assets';

export const DOCS_ASSET_FILES = {
  swaggerUiJs: 'swagger-ui-bundle.js',
  swaggerUiCss: 'swagger-ui.css',
  favicon: 'favicon-32x32.png',
  pageJs: 'docs.js',
  pageCss: 'docs.css',
} as const;

const VENDOR_FILES = new Set<string>([
  DOCS_ASSET_FILES.swaggerUiJs,
  DOCS_ASSET_FILES.swaggerUiCss,
  DOCS_ASSET_FILES.favicon,
  // Named by the bundle and stylesheet; fetched only by browser developer tools.
  `${DOCS_ASSET_FILES.swaggerUiJs}.map`,
  `${DOCS_ASSET_FILES.swaggerUiCss}.map`,
]);

// The package's directory, found without loading its index (which would pull the whole browser
// bundle into this process).
const swaggerUiDir = () => path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** Mounted at DOCS_ASSETS_PATH. */
export function docsAssets(): Router {
  const router = express.Router();
  const vendor = express.static(swaggerUiDir(), { index: false, redirect: false });
  router.use((_req, res, next) => {
    res.locals.route = `${DOCS_ASSETS_PATH}/:file`;
    next();
  });
  router.get(`/${DOCS_ASSET_FILES.pageJs}`, (_req, res) => void res.type('text/javascript; charset=utf-8').send(DOCS_INIT_SCRIPT));
  router.get(`/${DOCS_ASSET_FILES.pageCss}`, (_req, res) => void res.type('text/css; charset=utf-8').send(DOCS_STYLESHEET));
  router.use((req, res, next) => (VENDOR_FILES.has(req.path.slice(1)) ? vendor(req, res, next) : next()));
  return router;
}
