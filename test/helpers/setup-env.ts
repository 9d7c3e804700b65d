// n8n-core writes an instance key into the user folder when it first loads: keep it in a
// throw-away folder, not in the developer's ~/.n8n.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-unit-'));
