// The GitHub Actions workflow: valid for GitHub (action-validator, the schema GitHub's own
// workflow files follow) and doing what the desktop app needs on each system.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from './electron-builder.ts';

const WORKFLOWS = path.join(ROOT, '.github', 'workflows');
const workflowFiles = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const VALIDATOR = createRequire(import.meta.url).resolve('@action-validator/cli/cli.mjs');

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { strategy?: { matrix?: { include?: { os: string }[] } }; steps: Step[] }>;
}

function validate(file: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VALIDATOR, file], { timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ ok: error === null, output: stdout + stderr }),
    );
  });
}

describe('the desktop workflow', () => {
  const workflow = yaml.load(readFileSync(path.join(WORKFLOWS, 'desktop.yml'), 'utf8')) as Workflow;
  const [job] = Object.values(workflow.jobs);
  const runs = job.steps.flatMap((step) => (step.run ? [step.run] : []));
  const builder = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
    directories: { output: string };
  };

  it('passes action-validator, and npm run check:workflow checks every workflow', async () => {
    for (const file of workflowFiles) {
      const result = await validate(path.join(WORKFLOWS, file));
      expect(result.ok, `${file}: ${result.output}`).toBe(true);
    }
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const file of workflowFiles)
      expect(scripts['check:workflow']).toContain(`.github/workflows/${file}`);
  });

  it('rejects a workflow GitHub would reject (the validator is not a no-op)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'workflow-'));
    const broken = path.join(dir, 'broken.yml');
    const text = readFileSync(path.join(WORKFLOWS, 'desktop.yml'), 'utf8');
    writeFileSync(broken, text.replace('runs-on:', 'runs_on:'));
    const result = await validate(broken);
    rmSync(dir, { recursive: true, force: true });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('runs-on');
  });

  it('runs on Linux, Windows and macOS', () => {
    const systems = (job.strategy?.matrix?.include ?? []).map(({ os }) => os.split('-')[0]);
    expect(systems.sort()).toEqual(['macos', 'ubuntu', 'windows']);
  });

  it('installs, downloads Electron, checks and tests before building the installers', () => {
    const order = [
      'npm ci',
      'npx install-electron --no',
      'npm run typecheck',
      'npm run lint',
      'npm test',
      'npm run dist',
    ].map((command) => runs.findIndex((run) => run.startsWith(command)));
    expect(
      order.every((i) => i >= 0),
      runs.join('\n'),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('runs the _electron suite under xvfb-run on Linux, where the browser tests get Chromium', () => {
    const electron = job.steps.find((step) => step.run?.includes('tests/electron/app.test.ts'));
    expect(electron?.run).toMatch(/^xvfb-run /);
    expect(electron?.if).toBe("runner.os == 'Linux'");
    const chromium = job.steps.find((step) => step.run?.includes('CHROMIUM_PATH='));
    expect(chromium?.if).toBe("runner.os == 'Linux'");
  });

  it('uploads every installer electron-builder.yml asks for, from its output folder', () => {
    const upload = job.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    const paths = (upload?.with?.path ?? '').trim().split('\n');
    expect(upload?.with?.['if-no-files-found']).toBe('error');
    for (const p of paths) expect(path.posix.dirname(p)).toBe(builder.directories.output);
    // AppImage and deb (linux.target), the NSIS .exe (win.target), the dmg (mac.target).
    expect(paths.map((p) => path.posix.extname(p)).sort()).toEqual(
      ['.AppImage', '.deb', '.dmg', '.exe'].sort(),
    );
  });
});
