import { z } from 'zod';

// The CSP forbids eval, and zod probes for `new Function` when it builds its first object
// schema, which the page logs as a violation. This module is imported first by main.tsx, so
// the setting is in place before any schema (src/shared builds them at import) exists.
z.config({ jitless: true });
