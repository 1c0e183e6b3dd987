import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Lints snippets as if they were files at the given paths, with the repository's eslint.config.js. Type
// information is switched off: the files do not exist, and the boundary rule does not need it.
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('ESLint returned no result');
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const use = (specifier: string) => `import x from '${specifier}';\nexport default x;\n`;

describe('import boundaries', () => {
  it.each([
    ['packages/core/src/routing/x.ts', '../../../server/src/server'],
    ['packages/core/src/routing/x.ts', '@switchboard/protocol'],
    ['packages/core/src/routing/x.ts', '@switchboard/server'],
    ['packages/protocol/src/x.ts', 'kysely'],
    ['packages/protocol/src/x.ts', '@switchboard/core'],
    ['packages/protocol/src/x.ts', '../../server/src/services'],
    ['packages/web/src/agent/x.ts', '@switchboard/server'],
    ['packages/web/src/agent/x.ts', '@switchboard/core'],
    ['packages/web/src/agent/x.ts', '../../../server/src/services'],
    ['packages/server/src/accounts/x.ts', '@switchboard/web'],
    ['packages/server/src/accounts/x.ts', '../services'],
    ['packages/server/src/http/routes/x.ts', '../../server'],
    ['packages/server/src/errors-extra.ts', './main'],
  ])('%s may not import %s', async (filePath, specifier) => {
    expect(await boundaryMessages(filePath, use(specifier))).toHaveLength(1);
  });

  it.each([
    ['packages/core/src/routing/x.ts', './queue'],
    ['packages/protocol/src/x.ts', '@sinclair/typebox'],
    ['packages/protocol/src/x.ts', './common'],
    ['packages/web/src/agent/x.ts', '@switchboard/protocol'],
    ['packages/server/src/accounts/x.ts', '@switchboard/core'],
    ['packages/server/src/accounts/x.ts', '../storage/database'],
    ['packages/server/src/main.ts', './server'],
    ['packages/server/src/server.ts', './services'],
    ['packages/server/src/testing/x.ts', '../services'],
    ['packages/server/src/accounts/x.test.ts', '../services'],
    ['packages/server/src/supervision/supervision-harness.ts', '../services'],
  ])('%s may import %s', async (filePath, specifier) => {
    expect(await boundaryMessages(filePath, use(specifier))).toEqual([]);
  });

  it('lets a server feature import the composition root for types only', async () => {
    const file = 'packages/server/src/demo/x.ts';
    expect(
      await boundaryMessages(file, "import type { Services } from '../services';\nexport type S = Services;\n"),
    ).toEqual([]);
    expect(
      await boundaryMessages(file, "import { createServices } from '../services';\nexport default createServices;\n"),
    ).toHaveLength(1);
  });
});
