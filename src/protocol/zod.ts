// The wire schemas are written with zod's mini build: the same validation and the same error
// messages as classic zod, but only the parts used are bundled. Classic zod evaluates all of
// itself on import (about 19,000 heap objects in the room's isolate, which every full garbage
// collection marks; docs/performance.md, "A smaller isolate"). Mini needs its English messages
// loaded once, here. Use it as `import * as z from "./zod.js"` so the bundler can drop the rest.
import { en } from "zod/locales";
import { config } from "zod/mini";

config(en());

export * from "zod/mini";
