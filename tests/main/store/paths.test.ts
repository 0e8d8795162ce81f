import { describe, expect, it } from 'vitest';
import { defaultDatabasePath, resolveDatabasePath } from '../../../src-main/store/paths.ts';

describe('defaultDatabasePath', () => {
  it('uses ~/.config on Linux, or XDG_CONFIG_HOME when set', () => {
    expect(defaultDatabasePath({}, 'linux', '/home/ada')).toBe(
      '/home/ada/.config/Backprop Lab/backprop-lab.sqlite',
    );
    expect(defaultDatabasePath({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada')).toBe(
      '/xdg/Backprop Lab/backprop-lab.sqlite',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDatabasePath({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Backprop Lab/backprop-lab.sqlite',
    );
  });

  it('uses %APPDATA% on Windows, with backslashes', () => {
    expect(
      defaultDatabasePath(
        { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' },
        'win32',
        'C:\\Users\\ada',
      ),
    ).toBe('C:\\Users\\ada\\AppData\\Roaming\\Backprop Lab\\backprop-lab.sqlite');
    expect(defaultDatabasePath({}, 'win32', 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Backprop Lab\\backprop-lab.sqlite',
    );
  });

  it('lets BACKPROP_LAB_DB override the folder on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      expect(defaultDatabasePath({ BACKPROP_LAB_DB: '/tmp/x.sqlite' }, platform, '/h')).toBe(
        '/tmp/x.sqlite',
      );
  });
});

describe('resolveDatabasePath', () => {
  it('prefers the flag, then BACKPROP_LAB_DB, then the default', () => {
    const env = { BACKPROP_LAB_DB: '/env.sqlite', XDG_CONFIG_HOME: '/xdg' };
    expect(resolveDatabasePath('/flag.sqlite', env)).toBe('/flag.sqlite');
    expect(resolveDatabasePath(undefined, env)).toBe('/env.sqlite');
    expect(resolveDatabasePath(undefined, { XDG_CONFIG_HOME: '/xdg' })).toMatch(
      /Backprop Lab[/\\]backprop-lab\.sqlite$/,
    );
  });
});
