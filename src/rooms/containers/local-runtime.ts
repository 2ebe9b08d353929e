// workerd's container API (`ctx.container`), implemented over a local supervisor instead of a
// Cloudflare container. `@cloudflare/containers`' Container class only talks to `ctx.container`,
// so giving it this object lets the very same Durable Object run the container app as a Node.js
// process on this machine (see cli/server/container-supervisor.ts for the other side).

const NOT_LISTENING = "the container is not listening";
const BASE = "http://container-runtime/containers";

interface StartOptions {
  env?: Record<string, string>;
  entrypoint?: string[];
  enableInternet?: boolean;
}

export class LocalContainerRuntime {
  /** Synchronous, like workerd's: the Container class reads it without awaiting. */
  running = false;
  private generation = 0;
  private started: Promise<void> = Promise.resolve();

  constructor(
    private readonly runtime: Fetcher,
    private readonly id: string,
  ) {}

  private url(action = ""): string {
    return `${BASE}/${encodeURIComponent(this.id)}${action ? `/${action}` : ""}`;
  }

  /** Learns whether a process from an earlier instance of this object is still alive. */
  async sync(): Promise<void> {
    const response = await this.runtime.fetch(this.url());
    const status = (await response.json()) as { running?: boolean; generation?: number };
    this.running = status.running === true;
    this.generation = status.generation ?? 0;
  }

  start(options: StartOptions = {}): void {
    if (this.running)
      throw new Error("start() cannot be called on a container that is already running.");
    this.running = true;
    this.started = (async () => {
      const response = await this.runtime.fetch(this.url("start"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ env: options.env ?? {} }),
      });
      const body = (await response.json()) as { generation?: number; error?: string };
      if (!response.ok) {
        // 409: a process for this id is already up (e.g. this object restarted); adopt it.
        if (response.status !== 409) {
          this.running = false;
          throw new Error(`container runtime refused to start: ${body.error ?? response.status}`);
        }
      }
      this.generation = body.generation ?? this.generation;
    })();
    // Errors surface through monitor() and getTcpPort().fetch(); never as an unhandled rejection.
    this.started.catch(() => {});
  }

  async monitor(): Promise<void> {
    await this.started;
    const generation = this.generation;
    const response = await this.runtime.fetch(`${this.url("monitor")}?generation=${generation}`);
    const body = (await response.json()) as { exitCode?: number | null; error?: string };
    if (!response.ok)
      throw new Error(body.error ?? `container runtime answered ${response.status}`);
    if (this.generation === generation) this.running = false;
    if (body.exitCode)
      throw new Error(`container exited with unexpected exit code: ${body.exitCode}`);
  }

  async destroy(): Promise<void> {
    await this.started.catch(() => {});
    await this.runtime.fetch(this.url("destroy"), { method: "POST" });
    this.running = false;
  }

  signal(signo: number): void {
    void this.runtime
      .fetch(`${this.url("signal")}?signo=${signo}`, { method: "POST" })
      .catch(() => {});
  }

  getTcpPort(port: number): Fetcher {
    const fetchPort = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      await this.started;
      const request = new Request(input, init);
      const url = new URL(request.url);
      const target = `${this.url("proxy")}/${port}${url.pathname}${url.search}`;
      const response = await this.runtime.fetch(target, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: init?.signal ?? request.signal,
      });
      if (response.headers.get("x-parlor-runtime") === "not-listening") {
        await response.body?.cancel();
        throw new Error(`${NOT_LISTENING} on port ${port}`);
      }
      return response;
    };
    return { fetch: fetchPort, connect: () => unsupported("connect") } as unknown as Fetcher;
  }

  // Outbound interception needs the real runtime; Parlor's AppContainer does not use it.
  async interceptOutboundHttp(): Promise<void> {}
  async interceptOutboundHttps(): Promise<void> {}
  async interceptAllOutboundHttp(): Promise<void> {}
}

function unsupported(what: string): never {
  throw new Error(`${what}() is not available in the local container runtime`);
}

/** Used when neither Cloudflare nor a local supervisor can run containers: never running. */
export class NoContainerRuntime {
  readonly running = false;
  start(): void {
    throw new Error("no container runtime is available");
  }
  async monitor(): Promise<void> {}
  async destroy(): Promise<void> {}
  signal(): void {}
  getTcpPort(): Fetcher {
    return unsupported("getTcpPort");
  }
}

/**
 * Gives `ctx` a `container` property. DurableObjectState is a native object that the base class
 * brand-checks (a Proxy is refused), but it accepts an own property shadowing the runtime's.
 */
export function withContainer(ctx: DurableObjectState, container: object): DurableObjectState {
  Object.defineProperty(ctx, "container", { value: container, configurable: true });
  return ctx;
}
