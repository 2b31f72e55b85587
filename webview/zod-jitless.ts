// zod compiles fast parsers with `new Function` when it may; the view's CSP forbids eval, so
// without this the first schema use trips a CSP violation. Imported first by main.ts, before
// any module that builds schemas.
import { z } from "zod";

z.config({ jitless: true });
