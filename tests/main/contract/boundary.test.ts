// The compiler, not only ESLint, keeps the renderer to the core and the contract, and the
// contract to itself and the core: both tsconfigs are composite projects, whose programs may read
// only the files they list. Each case adds one probe file to the real project's file list and
// asks TypeScript for the probe's errors (checking only the probe, so it is fast).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'boundary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The program of `project` (a tsconfig, repository path) with one more file, a probe that
 * imports `imports` (repository paths). */
function withProbe(project: string, imports: string[]): { program: ts.Program; probe: string } {
  const probe = join(dir, `probe-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(
    probe,
    imports.map((p, i) => `import type * as m${i} from '${join(root, p)}';\n`).join('') +
      'export {};\n',
  );
  const configPath = join(root, project);
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, join(configPath, '..'));
  const program = ts.createProgram({
    rootNames: [...parsed.fileNames, probe],
    options: { ...parsed.options, configFilePath: configPath },
  });
  return { program, probe };
}

/** The TS6307 errors on the probe: a file it imports is not in the project. */
function probeErrors(project: string, imports: string[]): string[] {
  const { program, probe } = withProbe(project, imports);
  return program
    .getSemanticDiagnostics(program.getSourceFile(probe))
    .filter((d) => d.code === 6307)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]);
}

/** The repository's files the project's own program reads that it does not list: each would be
 * a TS6307 error where it is imported. */
function unlisted(project: string): string[] {
  const { program } = withProbe(project, []);
  const listed = new Set(program.getRootFileNames());
  return program
    .getSourceFiles()
    .map((f) => f.fileName)
    .filter((f) => f.startsWith(root) && !f.includes('/node_modules/') && !listed.has(f));
}

describe('the renderer project', () => {
  const project = 'src-renderer/tsconfig.json';

  it('may import the core and the contract', () => {
    expect(unlisted(project)).toEqual([]);
    expect(probeErrors(project, ['src-core/config.ts', 'src-main/contract/api.ts'])).toEqual([]);
  });

  it('fails to compile an import of the store', () => {
    const errors = probeErrors(project, ['src-main/store/store.ts']);
    expect(errors.some((e) => e.includes('src-main/store/store.ts'))).toBe(true);
    expect(errors[0]).toMatch(/is not listed within the file list of project/);
  });

  it('fails to compile an import of a service', () => {
    const errors = probeErrors(project, ['src-main/services/supervisor.ts']);
    expect(errors.some((e) => e.includes('src-main/services/supervisor.ts'))).toBe(true);
  });
});

describe('the contract project', () => {
  const project = 'src-main/contract/tsconfig.json';

  it('reads nothing of src-main outside itself', () => {
    expect(unlisted(project)).toEqual([]);
  });

  it('fails to compile an import of the store or a service', () => {
    const errors = probeErrors(project, [
      'src-main/store/types.ts',
      'src-main/services/spawner.ts',
    ]);
    expect(errors.some((e) => e.includes('src-main/store/types.ts'))).toBe(true);
    expect(errors.some((e) => e.includes('src-main/services/spawner.ts'))).toBe(true);
  });
});
