// The environment `npm start` gives Electron: the caller's, minus what the packaged app's fuses
// make it ignore (electron-builder.yml `electronFuses`; Electron's docs/api/environment-variables.md),
// so that `electron .` runs the app as the installed one would:
// - ELECTRON_RUN_AS_NODE (fuse runAsNode: false) would start a plain Node instead of the app;
// - NODE_OPTIONS and NODE_EXTRA_CA_CERTS (fuse enableNodeOptionsEnvironmentVariable: false) could
//   load code, or trust certificates, that the installed app never would.
// Logging switches such as ELECTRON_ENABLE_LOGGING stay: no fuse covers them, the installed app
// honours them too, and they only add output. (Nor does `npm start` pass --inspect, which the
// enableNodeCliInspectArguments fuse refuses, or --no-sandbox.)

export const IGNORED_BY_PACKAGED_APP = [
  'ELECTRON_RUN_AS_NODE',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
] as const;

export function electronEnv(env: Readonly<NodeJS.ProcessEnv>): NodeJS.ProcessEnv {
  const result = { ...env };
  for (const name of IGNORED_BY_PACKAGED_APP) delete result[name];
  return result;
}
