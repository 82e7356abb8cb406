// @ts-nocheck
// Replaced at build time from package.json (scripts/build.mjs); read from it when run from source.
declare const __MEMCTL_VERSION__: string | undefined;

export const VERSION: string = typeof __MEMCTL_VERSION__ === 'string' ? __MEMCTL_VERSION__ : '0.0.0-dev';
