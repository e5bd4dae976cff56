// The /docs page: a small HTML shell that loads Swagger UI from our own /docs/assets (no CDN, no
// inline script, so the Content-Security-Policy needs no script exception) and points it at the
// OpenAPI document. Problem-type anchors are rendered here on the server, because every problem's
// `type` is `/docs#problem-<slug>`; a plain list of operations stands in when scripts are off.
import { DOCS_ASSET_FILES, DOCS_ASSETS_PATH } from './docs-assets';
import { PROBLEM_TYPES } from './problem';

interface Operation {
  summary: string;
}

interface Document {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const asset = (file: string) => escapeHtml(`${DOCS_ASSETS_PATH}/${file}`);

function operationList(doc: Document): string {
  return Object.entries(doc.paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, op]) => `<li><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> — ${escapeHtml(op.summary)}</li>`,
      ),
    )
    .join('\n');
}

function problemTypeList(): string {
  return Object.entries(PROBLEM_TYPES)
    .map(([slug, t]) => `<li id="problem-${slug}"><code>/docs#problem-${slug}</code> — ${t.status} ${escapeHtml(t.title)}</li>`)
    .join('\n');
}

export function renderDocsPage(doc: Document, openApiUrl: string): string {
  const title = escapeHtml(doc.info.title);
  const url = escapeHtml(openApiUrl);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — API reference</title>
<link rel="icon" type="image/png" href="${asset(DOCS_ASSET_FILES.favicon)}">
<link rel="stylesheet" href="${asset(DOCS_ASSET_FILES.swaggerUiCss)}">
<link rel="stylesheet" href="${asset(DOCS_ASSET_FILES.pageCss)}">
</head>
<body>
<main>
<div id="swagger-ui" data-openapi-url="${url}"></div>
<noscript><section class="docs-section">
<h1>${title}</h1>
<p>${escapeHtml(doc.info.description)}</p>
<p>The interactive reference needs JavaScript. Machine-readable: <a href="${url}">${url}</a> (OpenAPI 3.1).</p>
<h2>Operations</h2>
<ul>
${operationList(doc)}
</ul>
</section></noscript>
<section class="docs-section" id="problem-types">
<h2>Problem types</h2>
<p>Errors are <code>application/problem+json</code> (RFC 9457); their <code>type</code> is one of:</p>
<ul>
${problemTypeList()}
</ul>
</section>
</main>
<script src="${asset(DOCS_ASSET_FILES.swaggerUiJs)}"></script>
<script src="${asset(DOCS_ASSET_FILES.pageJs)}"></script>
</body>
</html>
`;
}
