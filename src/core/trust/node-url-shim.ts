// `url` for the browser build: tuf-js joins metadata URLs with `require('url').URL`,
// which is the platform's URL (vite.config.ts aliases `url` / `node:url` here).
const PlatformURL = globalThis.URL;
export { PlatformURL as URL };
export default { URL: PlatformURL };
