// `GET /`: a browser gets the web app (HTML); anything else gets a JSON list of every endpoint.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { useParlor } from "../support/server.js";

const suite = useParlor();

const get = (accept?: string) =>
  fetch(`${suite.server.http}/`, {
    headers: accept ? { Accept: accept } : {},
    signal: AbortSignal.timeout(5000),
  });

describe("GET /", () => {
  it("serves HTML to a browser", async () => {
    const response = await get(
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("vary")).toMatch(/Accept/);
    const html = await response.text();
    expect(html).toMatch(/<html[\s>]/i);
    // The built web app (dist/web), whose script is served from the same origin.
    expect(html).toContain('<div id="root"></div>');
    const script = html.match(/<script type="module"[^>]* src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${suite.server.http}${script}`, { signal: AbortSignal.timeout(5000) });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(10_000);
  });

  it("serves the app for a room link too (GET /?room=R)", async () => {
    const response = await fetch(`${suite.server.http}/?room=lobby`, {
      headers: { Accept: "text/html" },
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root"></div>');
  });

  it.each([undefined, "application/json", "*/*"])(
    "serves the JSON endpoint list otherwise (Accept: %s)",
    async (accept) => {
      const response = await get(accept);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      const body = (await response.json()) as {
        endpoints: Array<{ method: string; path: string; description: string }>;
      };
      const paths = body.endpoints.map((e) => `${e.method} ${e.path}`);
      for (const expected of [
        "GET /",
        "WS /ws?room=R&name=N",
        "WS /api/chat",
        "WS /rooms/<room>?userId=U",
        "WS /ws?id=I",
        "GET /websocket/stats?id=I",
        "WS /proxy/<path>",
        "GET /container/:id",
        "GET /lb",
        "GET /error",
        "GET /singleton",
        "GET /connectws",
        "GET /test-ws",
      ]) {
        expect(paths).toContain(expected);
      }
      for (const endpoint of body.endpoints) {
        expect(endpoint.description.length).toBeGreaterThan(5);
        expect(endpoint.description).not.toContain("\n");
      }
    },
  );

  it("answers unknown paths with a JSON 404", async () => {
    const response = await fetch(`${suite.server.http}/no/such/path`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "not found" });
  });

  // npm start serves the files beside the Worker (cli/server/assets-worker.ts): a file the build
  // wrote is served as a file, a missing one under a built folder is the same JSON 404.
  it("serves the build's top-level files, and a JSON 404 for a missing one", async () => {
    const icon = await fetch(`${suite.server.http}/favicon.svg`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(await icon.text()).toContain("<svg");
    const missing = await fetch(`${suite.server.http}/assets/no-such-file.js`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: "not found",
      path: "/assets/no-such-file.js",
    });
  });
});

describe("malformed requests", () => {
  it.each([
    "/rooms/%ZZ",
    "/rooms/a%2Fb",
    "/container/%ZZ",
    "/container/..%2F..%2Fetc",
    "/ws?id=%ZZ",
    "/ws?room=ok&name=x&since=abc",
    "/ws?room=ok&name=",
    "/api/chat?room=%00",
    "/websocket/stats?id=../x",
  ])("%s gets a 400 with a JSON error, never a 500", async (path) => {
    // A WebSocket handshake as a client sends it (fetch() may not set Upgrade/Connection).
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const request = http.get(`${suite.server.http}${path}`, {
          headers: {
            Upgrade: "websocket",
            Connection: "Upgrade",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "x3JJHMbDL1EzLkh9GBhXDw==",
          },
          timeout: 5000,
        });
        request.on("response", (response) => {
          let text = "";
          response.on("data", (chunk) => {
            text += chunk;
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
        });
        request.on("upgrade", () => reject(new Error(`${path} was upgraded`)));
        request.on("error", reject);
      },
    );
    expect(status).toBe(400);
    expect((JSON.parse(body) as { error?: unknown }).error).toEqual(expect.any(String));
  });
});
