// `GET /`: a browser gets the web app (HTML); anything else gets a JSON list of every endpoint.
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
    expect(await response.text()).toMatch(/<html[\s>]/i);
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
});
