// docs/openapi.yaml read as a strict consumer reads it: YAML 1.2 with
// duplicate keys refused, no value left null (what an unquoted comma in a
// flow mapping leaves behind: `{description: a, b}` has a key "b" with no
// value), and the document valid against the OpenAPI 3.1 schema.
//
//   node tests/openapi/lint.mjs docs/openapi.yaml
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { Validator } from '@seriousme/openapi-schema-validator';

const file = process.argv[2] ?? 'docs/openapi.yaml';
const problems = [];

const document = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
for (const error of [...document.errors, ...document.warnings]) problems.push(`${file}: ${error.message}`);
const spec = document.toJS();

function findNulls(node, path) {
  if (node === null) {
    problems.push(`${file}: ${path} has no value (an unquoted comma or colon in a flow mapping?)`);
  } else if (Array.isArray(node)) {
    node.forEach((item, index) => findNulls(item, `${path}[${index}]`));
  } else if (typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) findNulls(value, `${path}/${key}`);
  }
}
if (problems.length === 0) findNulls(spec, '');

if (problems.length === 0) {
  const validator = new Validator();
  const result = await validator.validate(spec);
  if (validator.version !== '3.1') problems.push(`${file}: expected an OpenAPI 3.1 document, read ${validator.version}`);
  if (!result.valid) {
    for (const error of [].concat(result.errors)) {
      problems.push(`${file}: ${typeof error === 'string' ? error : `${error.instancePath} ${error.message}`}`);
    }
  }
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(`openapi: ${file} is strict YAML and a valid OpenAPI 3.1 document`);
