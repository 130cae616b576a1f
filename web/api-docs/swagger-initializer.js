// Shows the OpenAPI description that sits next to this page. Loaded as a
// file (not inline) so that the page works under a strict Content-Security-Policy.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: './openapi.yaml',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    // "Try it out" sends requests to the same origin that serves these docs.
    tryItOutEnabled: false,
    validatorUrl: null,
  });
});
