// Where the experiment database lives. The desktop app keeps it in Electron's userData folder;
// the CLI computes the same folder without importing electron, so both share one history.

import { homedir } from 'node:os';
import path from 'node:path';

export const APP_FOLDER = 'Backprop Lab';
export const DATABASE_FILE = 'backprop-lab.sqlite';

type Env = Readonly<Record<string, string | undefined>>;

/** The database file in the app's userData folder (as Electron's app.getPath('userData')). */
export function defaultDatabasePath(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env.BACKPROP_LAB_DB;
  if (override) return override;
  switch (platform) {
    case 'win32': {
      const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
      return path.win32.join(appData, APP_FOLDER, DATABASE_FILE);
    }
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER, DATABASE_FILE);
    default: {
      const config = env.XDG_CONFIG_HOME || path.posix.join(home, '.config');
      return path.posix.join(config, APP_FOLDER, DATABASE_FILE);
    }
  }
}

/** A `--db` flag wins over BACKPROP_LAB_DB, which wins over the app's folder. */
export function resolveDatabasePath(flag: string | undefined, env: Env = process.env): string {
  return flag || defaultDatabasePath(env);
}
