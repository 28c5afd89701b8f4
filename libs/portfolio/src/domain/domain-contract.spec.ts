import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ERROR_CODES, PROJECT_ERROR_KINDS } from './project-errors.js';

const DOMAIN_DIR = join(process.cwd(), 'libs/portfolio/src/domain');
const invariants = readFileSync(join(DOMAIN_DIR, 'INVARIANTS.md'), 'utf8');
const documentedRows = [...invariants.matchAll(/^\| `([A-Z_]+)` \| (\w+) \|/gm)].map((m) => ({ code: m[1], kind: m[2] }));

describe('INVARIANTS.md', () => {
  it('documents every error code with its kind', () => {
    for (const code of PROJECT_ERROR_CODES) {
      expect(documentedRows.filter((row) => row.code === code)).toEqual([{ code, kind: PROJECT_ERROR_KINDS[code] }]);
    }
  });

  it('documents no code that does not exist', () => {
    expect(documentedRows.map((row) => row.code).sort()).toEqual([...PROJECT_ERROR_CODES].sort());
  });

  it('uses stable UPPER_SNAKE codes', () => {
    for (const code of PROJECT_ERROR_CODES) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
});

describe('the domain is pure TypeScript', () => {
  const sources = readdirSync(DOMAIN_DIR, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'),
  );

  it.each(sources)('%s imports only relative modules', (file) => {
    const text = readFileSync(join(DOMAIN_DIR, file), 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const specifier of specifiers) expect(specifier).toMatch(/^\.{1,2}\/.*\.js$/);
  });
});
