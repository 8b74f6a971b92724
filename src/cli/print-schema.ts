/**
 * Writes the schema's SDL to schema/schema.graphql; with --check, fails when
 * the file differs from what the code defines (so a stale SDL cannot be merged).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { printedSchema } from '../schema/sdl.ts';

const target = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
const printed = printedSchema();

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== printed) {
    console.error('schema/schema.graphql is stale: run `npm run schema:print` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date.');
} else {
  await writeFile(target, printed);
  console.log(`Wrote ${target}`);
}
