// `npm run token -- --name N [--sub S] [--ttl SECONDS]`: mints a development token signed with
// AUTH_SECRET (from the environment, else `.dev.vars` / `.env`), and prints it.
import { parseArgs } from "node:util";
import { mintToken } from "../src/auth/token.js";
import { readDevVars } from "./server/dev-vars.js";

const { values } = parseArgs({
  options: {
    name: { type: "string" },
    sub: { type: "string" },
    ttl: { type: "string", default: "3600" },
  },
});
const secret = process.env.AUTH_SECRET || readDevVars(process.cwd()).vars.AUTH_SECRET;
if (!values.name) {
  console.error("usage: npm run token -- --name N [--sub SUBJECT] [--ttl SECONDS]");
  process.exit(2);
}
if (!secret) {
  console.error(
    "AUTH_SECRET is not set (in the environment or .dev.vars): there is nothing to sign with",
  );
  process.exit(2);
}
const ttlSeconds = Number(values.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
  console.error("--ttl must be a whole number of seconds");
  process.exit(2);
}
const token = await mintToken(secret, {
  sub: values.sub ?? `dev:${values.name}`,
  name: values.name,
  ttlSeconds,
});
console.log(token);
