// Local secrets, as `wrangler dev` reads them: `.dev.vars` in the project root (or, when there is
// none, `.env`), in dotenv syntax. Keep these files out of git; production uses `wrangler secret put`.
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

export function readDevVars(root: string): { file: string | null; vars: Record<string, string> } {
  for (const name of [".dev.vars", ".env"]) {
    const file = path.join(root, name);
    if (!fs.existsSync(file)) continue;
    const parsed = parseEnv(fs.readFileSync(file, "utf8")) as Record<string, string>;
    return { file, vars: parsed };
  }
  return { file: null, vars: {} };
}
