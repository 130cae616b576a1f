// Puts the API documentation next to the built UI: Swagger UI's files from
// the swagger-ui-dist package, the page and initializer in web/api-docs/, and
// docs/openapi.yaml when it exists. The gateway serves dist/api-docs/ at /api/docs/.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, '..');
const out = join(web, 'dist', 'api-docs');
const require = createRequire(import.meta.url);
const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));

const fromPackage = [
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'index.css',
  'favicon-16x16.png',
  'favicon-32x32.png',
  'LICENSE',
  'NOTICE',
];

mkdirSync(out, { recursive: true });
for (const name of fromPackage) {
  const source = join(swaggerDir, name);
  if (!existsSync(source)) {
    if (name === 'LICENSE' || name === 'NOTICE') continue;
    throw new Error(`swagger-ui-dist has no ${name}; is the package installed (npm ci)?`);
  }
  copyFileSync(source, join(out, name));
}
for (const name of readdirSync(join(web, 'api-docs'))) copyFileSync(join(web, 'api-docs', name), join(out, name));

const spec = resolve(web, '..', 'docs', 'openapi.yaml');
if (existsSync(spec)) {
  copyFileSync(spec, join(out, 'openapi.yaml'));
  console.log('api-docs: Swagger UI and docs/openapi.yaml copied to dist/api-docs/');
} else {
  console.log('api-docs: Swagger UI copied to dist/api-docs/; docs/openapi.yaml does not exist yet, so no description was copied');
}
