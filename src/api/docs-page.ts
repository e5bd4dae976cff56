// A self-contained HTML reference rendered on the server from the OpenAPI document: no scripts,
// no CDN (the embedded default runs offline).
import { PROBLEM_TYPES } from './problem';

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  'x-roles': string | string[];
  'x-owner-only'?: boolean;
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: unknown }[];
  requestBody?: { required: boolean; description?: string; content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}

interface Document {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;

function access(op: Operation): string {
  const roles = op['x-roles'];
  if (roles === 'public') return 'anyone';
  if (roles === 'signed') return 'signed by the sender (no token)';
  return `bearer token, role ${(roles as string[]).join(' | ')}${op['x-owner-only'] ? ' (customers: own replacements only)' : ''}`;
}

function renderOperation(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(p.description ?? '')}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`,
    )
    .join('');
  const body = op.requestBody
    ? `<h4>Request body${op.requestBody.required ? '' : ' (optional)'}</h4>${op.requestBody.description ? `<p>${escapeHtml(op.requestBody.description)}</p>` : ''}${Object.entries(
        op.requestBody.content,
      )
        .map(([type, c]) => `<p><code>${escapeHtml(type)}</code></p>${c.schema ? json(c.schema) : ''}`)
        .join('')}`
    : '';
  const responses = Object.entries(op.responses)
    .map(([status, r]) => {
      const types = Object.keys(r.content ?? {}).join(', ');
      const schema = Object.values(r.content ?? {})[0]?.schema as { $ref?: string } | undefined;
      const ref = schema?.$ref ? ` → <a href="#schema-${escapeHtml(schema.$ref.split('/').pop()!)}">${escapeHtml(schema.$ref.split('/').pop()!)}</a>` : '';
      return `<li><b>${status}</b> ${escapeHtml(r.description)} <small>${escapeHtml(types)}</small>${ref}</li>`;
    })
    .join('');
  return `<section id="${escapeHtml(op.operationId)}">
<h3><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary)}</p>${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
<p><b>Access:</b> ${escapeHtml(access(op))}</p>
${params ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>description</th><th>schema</th></tr>${params}</table>` : ''}
${body}<h4>Responses</h4><ul>${responses}</ul></section>`;
}

export function renderDocsPage(doc: Document): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const index = operations
    .map(({ path, method, op }) => `<li><a href="#${escapeHtml(op.operationId)}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a> — ${escapeHtml(op.summary)}</li>`)
    .join('');
  const problems = Object.entries(PROBLEM_TYPES)
    .map(([slug, t]) => `<li id="problem-${slug}"><code>/docs#problem-${slug}</code> — ${t.status} ${escapeHtml(t.title)}</li>`)
    .join('');
  const schemas = Object.entries(doc.components.schemas)
    .map(([name, schema]) => `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${json(schema)}</section>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)} — API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f6f6f6;padding:.75rem;overflow:auto;max-height:30rem}
section{border-top:1px solid #ddd;margin-top:1.5rem}.m{background:#234;color:#fff;padding:0 .4rem;border-radius:3px}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
</style></head><body>
<h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Operations</h2><ul>${index}</ul>
${operations.map(({ path, method, op }) => renderOperation(method, path, op)).join('\n')}
<h2>Problem types</h2><p>Errors are <code>application/problem+json</code> (RFC 9457); <code>type</code> is one of:</p><ul>${problems}</ul>
<h2>Schemas</h2>${schemas}
</body></html>`;
}
