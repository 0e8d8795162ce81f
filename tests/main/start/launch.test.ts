import { describe, expect, it } from 'vitest';
import { electronEnv } from '../../../scripts/electron-env.ts';
import { SANDBOX_README_SECTION, sandboxFailureHint } from '../../../scripts/sandbox-hint.ts';

describe("Electron's environment under npm start", () => {
  it('drops what the packaged app’s fuses make Electron ignore, and keeps the rest', () => {
    const env = electronEnv({
      ELECTRON_RUN_AS_NODE: '1',
      NODE_OPTIONS: '--require ./inject.cjs',
      NODE_EXTRA_CA_CERTS: '/tmp/ca.pem',
      ELECTRON_ENABLE_LOGGING: '1',
      BACKPROP_LAB_DB: '/tmp/lab.sqlite',
      PATH: '/usr/bin',
    });
    expect(env).toEqual({
      ELECTRON_ENABLE_LOGGING: '1',
      BACKPROP_LAB_DB: '/tmp/lab.sqlite',
      PATH: '/usr/bin',
    });
  });
});

describe('the Linux sandbox hint', () => {
  const suid =
    '[12:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not ' +
    'configured correctly. Rather than run without sandboxing I am aborting now.';
  const noSandbox = '[12:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox! …';

  it('points at the README when Electron aborts for want of a sandbox on Linux', () => {
    for (const stderr of [suid, noSandbox]) {
      const hint = sandboxFailureHint({ code: null, signal: 'SIGTRAP', stderr }, 'linux');
      expect(hint).toContain(`"${SANDBOX_README_SECTION}" in README.md`);
      expect(hint).not.toContain('\n');
    }
    expect(sandboxFailureHint({ code: 133, signal: null, stderr: suid }, 'linux')).not.toBeNull();
  });

  it('stays quiet for other failures, a clean exit, and other systems', () => {
    expect(
      sandboxFailureHint({ code: 1, signal: null, stderr: 'Error: boom' }, 'linux'),
    ).toBeNull();
    expect(sandboxFailureHint({ code: 0, signal: null, stderr: suid }, 'linux')).toBeNull();
    expect(sandboxFailureHint({ code: 1, signal: null, stderr: suid }, 'darwin')).toBeNull();
  });
});
