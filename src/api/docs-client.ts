// What the /docs page runs and applies in the browser besides Swagger UI. Served as files from
// /docs/assets (see docs-assets.ts), never inlined, so the page needs no CSP exception.

/** Starts Swagger UI on the page's mount point with the document URL the page names. */
export const DOCS_INIT_SCRIPT = `'use strict';
(function () {
  var mount = document.getElementById('swagger-ui');
  if (!mount || typeof SwaggerUIBundle !== 'function') return;
  SwaggerUIBundle({
    domNode: mount,
    url: mount.getAttribute('data-openapi-url'),
    // The fragment belongs to the problem-type anchors (#problem-…), not to Swagger UI's router.
    deepLinking: false,
    // No validity badge: it would be fetched from validator.swagger.io.
    validatorUrl: null,
    docExpansion: 'list',
    // A problem-type link opens /docs#problem-…; the operations render above that anchor only now.
    onComplete: function () {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (target) target.scrollIntoView();
    },
  });
})();
`;

/** The page around Swagger UI, and long values wrapping instead of widening the page. */
export const DOCS_STYLESHEET = `html { box-sizing: border-box; overflow-y: scroll; }
*, *::before, *::after { box-sizing: inherit; }
body { margin: 0; background: #fafafa; color: #3b4151; font: 14px/1.5 sans-serif; }
.docs-section { max-width: 1460px; margin: 0 auto 40px; padding: 0 20px; }
.docs-section h2 { font-size: 24px; }
.docs-section code { font: 13px monospace; }
.docs-section li { margin: 4px 0; }
.docs-section .m { display: inline-block; min-width: 4em; padding: 0 6px; border-radius: 3px; background: #3b4151; color: #fff; font-weight: bold; text-align: center; }
:target { background: #fff5cc; }
`;
