// Tests, the emulator, the end-to-end harness and the demo never ship (package.json "files" is
// ["dist"]) and never run inside n8n Cloud. They are linted with the CLI's own config minus the
// Cloud-only rules (restricted imports and globals), which by design forbid what a test needs:
// node:http, nock, n8n-core, process, timers. Shipped code (nodes/, credentials/) stays under
// the default cloud config at the top level. `npm run lint` turns on per-folder config lookup.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default configWithoutCloudSupport;
