import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Comments must state a rule or point at a file in this repository, not cite requirement codes ("D1"…"D8") or
// section numbers of documents that are not here: a reader of the code cannot look those up. Codes are only
// looked for in comments, so a test name or a value may still contain "D4"; the section sign is refused
// anywhere. Comments are found with the TypeScript scanner, so "//" inside a string or a regex is not one.

const root = fileURLToPath(new URL('..', import.meta.url));
const self = relative(root, fileURLToPath(import.meta.url));
const CODE = /\bD[1-8]\b/g;
const SECTION = '\u00a7';
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...sourceFiles(path));
    } else if (SOURCE.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

function scannedFiles(): string[] {
  const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => ['src', 'e2e'].map((sub) => join(root, 'packages', entry.name, sub)))
    .filter((dir) => existsSync(dir));
  return [...packages, join(root, 'bench'), join(root, 'scripts')]
    .flatMap(sourceFiles)
    .map((path) => relative(root, path))
    .filter((path) => path !== self)
    .sort();
}

/** Every comment of a file as [start, end) offsets, each once. */
function commentRanges(fileName: string, text: string): ts.CommentRange[] {
  const kind = fileName.endsWith('.tsx')
    ? ts.ScriptKind.TSX
    : fileName.endsWith('.ts')
      ? ts.ScriptKind.TS
      : ts.ScriptKind.JS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const found = new Map<number, ts.CommentRange>();
  const add = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) found.set(range.pos, range);
  };
  const visit = (node: ts.Node) => {
    const children = node.getChildren(source);
    if (children.length === 0) {
      add(ts.getLeadingCommentRanges(text, node.pos));
      add(ts.getTrailingCommentRanges(text, node.end));
    }
    for (const child of children) visit(child);
  };
  visit(source);
  return [...found.values()];
}

/** `file:line: text` for each requirement code in a comment and each section sign anywhere. */
export function externalCodes(fileName: string, text: string): string[] {
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const hits = new Set<number>();
  for (const range of commentRanges(fileName, text)) {
    for (const match of text.slice(range.pos, range.end).matchAll(CODE)) hits.add(range.pos + match.index);
  }
  for (let at = text.indexOf(SECTION); at !== -1; at = text.indexOf(SECTION, at + 1)) hits.add(at);
  const lines = text.split('\n');
  return [...new Set([...hits].map(lineOf))]
    .sort((a, b) => a - b)
    .map((line) => `${fileName}:${line}: ${lines[line - 1]?.trim() ?? ''}`);
}

describe('comments cite only what is in the repository', () => {
  it('finds codes in line, block and doc comments, and the section sign anywhere', () => {
    const sample = [
      '// per D3, the default campaign',
      'const a = 1; /* D8 */',
      '/**',
      ' * Rule of D5.',
      ' */',
      `const b = 'see ${SECTION}4';`,
    ].join('\n');
    expect(externalCodes('x.ts', sample).map((hit) => hit.split(':')[1])).toEqual(['1', '2', '4', '6']);
  });

  it('ignores codes in test names, strings, regexes and longer words', () => {
    const sample = [
      "it('routes per D3 (scenario 3)', () => {});",
      'const url = "http://example.com/D4"; // the D10 field, CD1 and D1X are not codes',
      'const re = /\\/\\/ D2/;',
      'const jsx = <p>D6</p>;',
    ].join('\n');
    expect(externalCodes('x.tsx', sample)).toEqual([]);
  });

  it('has no requirement codes or section numbers of outside documents in packages, bench and scripts', () => {
    const files = scannedFiles();
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((path) => externalCodes(path, readFileSync(join(root, path), 'utf8')));
    expect(hits, `state the rule, or point at a file in the repository, instead of:\n${hits.join('\n')}`).toEqual([]);
  });
});
