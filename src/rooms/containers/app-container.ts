// Seed 000's container Durable Object: one per container name. In production it is a plain
// `@cloudflare/containers` Container running the image built from container/Dockerfile. Locally
// (no Docker), workerd gives it no `ctx.container`; it then gets LocalContainerRuntime, which runs
// the same app as a Node.js process through the supervisor bound as `env.CONTAINER_RUNTIME`.
import { Container } from "@cloudflare/containers";
import { hubSecret } from "./hub-secret.js";
import { LocalContainerRuntime, NoContainerRuntime, withContainer } from "./local-runtime.js";

export interface ContainersEnv {
  APP_CONTAINERS: DurableObjectNamespace<AppContainer>;
  CONTAINER_HUB: DurableObjectNamespace;
  /** Local only: the Node-side supervisor (cli/server/container-supervisor.ts). */
  CONTAINER_RUNTIME?: Fetcher;
  /** Passed to the app as MESSAGE. */
  CONTAINER_MESSAGE?: string;
  /** The hub URL the containers dial (default: the route's origin + /connectws; locally the supervisor's). */
  CONTAINER_WS_URL?: string;
  /** What containers present to the hub (default: one the hub generates and keeps). */
  CONTAINER_HUB_SECRET?: string;
  CONTAINER_WS_MAX_RECONNECT_ATTEMPTS?: string;
  CONTAINER_WS_RECONNECT_BASE_MS?: string;
  CONTAINER_WS_RECONNECT_MAX_MS?: string;
  /** Containers in the /lb pool. */
  CONTAINER_POOL_SIZE?: string;
  /** Hub keep-alive: ms between server-pings, and ms of silence before a container is dropped. */
  CONTAINER_PING_INTERVAL_MS?: string;
  CONTAINER_PONG_TIMEOUT_MS?: string;
}

/** Headers the Worker sets when it forwards a request to an AppContainer. */
export const CONTAINER_NAME_HEADER = "x-parlor-container-name";
export const HUB_URL_HEADER = "x-parlor-hub-url";

export class AppContainer extends Container<ContainersEnv> {
  override defaultPort = 8080;
  // Hub-connected containers are meant to stay up; the seed never puts them to sleep quickly.
  override sleepAfter = "1h";
  private readonly runtimeAvailable: boolean;
  /** Run by the local supervisor, which knows the hub's real address (never a request's Host). */
  private readonly local: boolean;

  constructor(ctx: DurableObjectState, env: ContainersEnv) {
    // `container` is not in the pinned workers-types yet; it is what the Container class reads.
    const native = (ctx as unknown as { container?: unknown }).container;
    let state = ctx;
    let available = true;
    let local = false;
    if (native === undefined) {
      if (env.CONTAINER_RUNTIME) {
        const runtime = new LocalContainerRuntime(env.CONTAINER_RUNTIME, ctx.id.toString());
        // A process may outlive this object (Worker restart): find out before any request runs.
        void ctx.blockConcurrencyWhile(() => runtime.sync());
        state = withContainer(ctx, runtime);
        local = true;
      } else {
        available = false;
        state = withContainer(ctx, new NoContainerRuntime());
      }
    }
    super(state as ConstructorParameters<typeof Container>[0], env);
    this.runtimeAvailable = available;
    this.local = local;
  }

  override async fetch(request: Request): Promise<Response> {
    if (!this.runtimeAvailable) {
      return Response.json(
        {
          error: "No container runtime is available",
          detail:
            "Containers run on Cloudflare in production and as local Node.js processes under `npm start`; this runtime has neither (e.g. `wrangler dev` without Docker).",
        },
        { status: 503 },
      );
    }
    const name = request.headers.get(CONTAINER_NAME_HEADER) ?? "container";
    const hubUrl = request.headers.get(HUB_URL_HEADER) ?? "";
    // The app reads these at start; set them on every request so a (re)start gets them.
    this.envVars = {
      CONTAINER_ID: name,
      MESSAGE: this.env.CONTAINER_MESSAGE || `Hello from container ${name}`,
      WS_SERVER_URL: this.env.CONTAINER_WS_URL || (this.local ? "" : hubUrl),
      HUB_SECRET: await hubSecret(this.env),
      ...(this.env.CONTAINER_WS_MAX_RECONNECT_ATTEMPTS
        ? { WS_MAX_RECONNECT_ATTEMPTS: this.env.CONTAINER_WS_MAX_RECONNECT_ATTEMPTS }
        : {}),
      ...(this.env.CONTAINER_WS_RECONNECT_BASE_MS
        ? { WS_RECONNECT_BASE_MS: this.env.CONTAINER_WS_RECONNECT_BASE_MS }
        : {}),
      ...(this.env.CONTAINER_WS_RECONNECT_MAX_MS
        ? { WS_RECONNECT_MAX_MS: this.env.CONTAINER_WS_RECONNECT_MAX_MS }
        : {}),
    };
    const headers = new Headers(request.headers);
    headers.delete(CONTAINER_NAME_HEADER);
    headers.delete(HUB_URL_HEADER);
    const response = await this.containerFetch(new Request(request, { headers }), this.defaultPort);
    return await this.withoutInternals(response);
  }

  /**
   * The Container class answers its own failures in plain text with internals in it; the app's
   * own answers (JSON, even its 500s) pass unchanged. At the instance limit (max_instances on
   * Cloudflare, CONTAINER_MAX_PROCESSES locally) the answer is a 503.
   */
  private async withoutInternals(response: Response): Promise<Response> {
    const json = (response.headers.get("content-type") ?? "").includes("json");
    if (response.status < 500 || json || response.webSocket) return response;
    const detail = await response.text();
    console.error(
      JSON.stringify({ event: "container-failed", id: this.ctx.id.toString(), detail }),
    );
    const full = /no container instance|too many containers/i.test(detail);
    return Response.json(
      {
        error: full
          ? "No container instance is available right now; try again later"
          : "The container could not answer",
      },
      { status: full ? 503 : 502 },
    );
  }

  override onError(error: unknown): never {
    console.error(
      JSON.stringify({
        event: "container-error",
        id: this.ctx.id.toString(),
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    throw error;
  }
}
