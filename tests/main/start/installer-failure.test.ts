import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  fetchFailureLine,
  installerFailure,
  rootCause,
  type InstallerRun,
} from '../../../scripts/installer-failure.ts';

const failed = (output: string): InstallerRun => ({ code: 1, signal: null, output });

// What Electron 45.5.0's install.js printed on stderr, captured against a local mirror.
const HTTP_404 = [
  'HTTPError: Response code 404 (Not Found) for http://127.0.0.1:34683/v45.5.0/electron-v45.5.0-linux-x64.zip',
  '    at FetchDownloader.download (file:///work/main/node_modules/@electron/get/dist/FetchDownloader.js:48:23)',
  '    at async downloadArtifact (file:///work/main/node_modules/@electron/get/dist/index.js:154:12)',
  '',
].join('\n');
const CHECKSUM = [
  'Error: Generated checksum for "electron-v45.5.0-linux-x64.zip" did not match expected checksum.',
  '    at Hash.<anonymous> (/work/main/node_modules/sumchecker/index.js:133:20)',
  '',
].join('\n');

async function refusedFetch(): Promise<{ url: string; error: unknown }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/SHASUMS256.txt`;
  await new Promise((resolve) => server.close(resolve));
  return { url, error: await fetch(url).catch((error: unknown) => error) };
}

describe('why the installer failed, in one line', () => {
  it('names the network cause that fetch keeps out of its stack', async () => {
    const { url, error } = await refusedFetch();
    expect(String(error)).toBe('TypeError: fetch failed');
    const port = new URL(url).port;
    expect(rootCause(error)).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);

    // The observer's line comes first, then install.js prints the bare stack.
    const output = `${fetchFailureLine(url, error)}\nTypeError: fetch failed\n`;
    expect(installerFailure(failed(output), '45.5.0')).toBe(
      `could not download Electron 45.5.0 (connect ECONNREFUSED 127.0.0.1:${port})`,
    );
  });

  it('says each address an AggregateError tried, once', () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    const error = new TypeError('fetch failed', {
      cause: new AggregateError([refused('::1:80'), refused('127.0.0.1:80'), refused('::1:80')]),
    });
    expect(rootCause(error)).toBe('connect ECONNREFUSED ::1:80; connect ECONNREFUSED 127.0.0.1:80');
  });

  it('falls back to the code of an error without a message', () => {
    const error = Object.assign(new Error(''), { code: 'ENOTFOUND' });
    expect(rootCause(error)).toBe('ENOTFOUND');
  });

  it('reduces an HTTP error or a checksum mismatch to its first line', () => {
    expect(installerFailure(failed(HTTP_404), '45.5.0')).toBe(
      'could not download Electron 45.5.0 (Response code 404 (Not Found) for ' +
        'http://127.0.0.1:34683/v45.5.0/electron-v45.5.0-linux-x64.zip)',
    );
    expect(installerFailure(failed(CHECKSUM), '45.5.0')).toBe(
      'could not install Electron 45.5.0 (Generated checksum for "electron-v45.5.0-linux-x64.zip" ' +
        'did not match expected checksum)',
    );
  });

  it('says how the installer ended when it printed no error', () => {
    expect(installerFailure({ code: 1, signal: null, output: '' }, '45.5.0')).toBe(
      "Electron's installer failed with exit code 1",
    );
    expect(installerFailure({ code: null, signal: 'SIGINT', output: '' }, '45.5.0')).toBe(
      "Electron's installer was stopped by SIGINT",
    );
    expect(installerFailure({ code: 0, signal: null, output: '' }, '45.5.0')).toBe(
      "Electron's installer finished, but node_modules/electron holds no Electron 45.5.0 executable",
    );
  });
});
