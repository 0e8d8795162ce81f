// A stand-in for fpm, the tool electron-builder's deb target runs last (and downloads first, which
// cannot happen here). electron-builder runs the program named by CUSTOM_FPM_PATH instead
// (app-builder-lib/out/toolsets/linux.js, getFpmPath). This one builds nothing: it records the
// arguments electron-builder computed — package name, maintainer, homepage, dependencies, the
// after-install and after-remove scripts, what goes where in the file system — keeps copies of the
// scripts and the .desktop file (temporary files electron-builder deletes), and exits with
// STAND_IN_FPM_EXIT so the build stops there. Reaching it means every check before fpm passed.

import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const STAND_IN_FPM_EXIT = 3;
export const STAND_IN_FPM_MESSAGE = 'stand-in fpm: arguments recorded, no package built';

/** Writes the stand-in into `dir` and returns its path (for CUSTOM_FPM_PATH). */
export function writeStandInFpm(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const record = (name: string): string => `'${path.join(dir, name).replaceAll("'", "'\\''")}'`;
  const script = [
    '#!/bin/sh',
    `printf '%s\\0' "$@" > ${record('args')}`,
    'while [ $# -gt 0 ]; do',
    '  case "$1" in',
    `    --after-install) cp "$2" ${record('after-install')} ;;`,
    `    --after-remove) cp "$2" ${record('after-remove')} ;;`,
    `    *=/usr/share/applications/*) cp "\${1%%=*}" ${record('desktop')} ;;`,
    '  esac',
    '  shift',
    'done',
    `echo '${STAND_IN_FPM_MESSAGE}' >&2`,
    `exit ${STAND_IN_FPM_EXIT}`,
    '',
  ].join('\n');
  const fpm = path.join(dir, 'fpm');
  writeFileSync(fpm, script);
  chmodSync(fpm, 0o755);
  return fpm;
}

export interface FpmRecord {
  /** fpm's arguments, one per element. */
  readonly args: string[];
  readonly afterInstall: string;
  readonly afterRemove: string;
  readonly desktopEntry: string;
}

/** What the stand-in recorded in `dir`, or null when it never ran. */
export function readFpmRecord(dir: string): FpmRecord | null {
  if (!existsSync(path.join(dir, 'args'))) return null;
  const text = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
  return {
    // printf ended each argument with a NUL (the description spans two lines).
    args: text('args').split('\0').slice(0, -1),
    afterInstall: text('after-install'),
    afterRemove: text('after-remove'),
    desktopEntry: text('desktop'),
  };
}

/** The value after `flag` in fpm's arguments. */
export function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}
