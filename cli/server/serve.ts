// Runs Parlor in workerd through the Miniflare API, configured from wrangler.jsonc.
// Used by `npm start` and by the end-to-end tests, so tests exercise exactly what users run.
import fs from "node:fs";
import path from "node:path";
import { Log, LogLevel, Miniflare } from "miniflare";
import { assetsBeside } from "./assets-worker.js";
import { ContainerSupervisor } from "./container-supervisor.js";
import { type Prepared, prepare } from "./prepare.js";

export interface ServeOptions {
  /** Port on 127.0.0.1 (0 picks a free one). */
  port: number;
  host?: string;
  /** Directory for Durable Object state; persisted across restarts. */
  stateDir: string;
  /** Overrides for `vars` in wrangler.jsonc (e.g. PROXY_ORIGIN). */
  vars?: Record<string, string>;
  /** Extra Miniflare options for the Parlor worker (e.g. service bindings). */
  extra?: Record<string, unknown>;
  root?: string;
  verbose?: boolean;
  /** workerd's own `--verbose`: prints every uncaught exception (reliability runs read them). */
  runtimeVerbose?: boolean;
  /**
   * Runs seed 000's containers as local Node.js processes (there is no Docker here). Default: a
   * supervisor owned by this server, whose processes stop with it. Pass one to keep containers
   * alive across a restart of the server (tests); `false` for none (the Worker then answers 503).
   */
  containers?: ContainerSupervisor | false;
  /**
   * The Worker bundle and wrangler.jsonc's options, made ahead of time (`npm start`'s prestart):
   * then this process loads neither esbuild nor wrangler. Default: made now, in `stateDir`.
   */
  prepared?: Prepared;
  /**
   * A console line per request. Off by default: Miniflare sends each line from workerd to this
   * Node process over a fresh loopback HTTP request, which measured ~1 ms of CPU per connect.
   */
  logRequests?: boolean;
  /** Opens workerd's V8 inspector on this port (profiling: bench/profile.ts). */
  inspectorPort?: number;
}

export interface RunningServer {
  url: URL;
  miniflare: Miniflare;
  containers?: ContainerSupervisor;
  stop(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const root = options.root ?? process.cwd();
  const { scriptPath, workerOptions, webBuilt } =
    options.prepared ?? (await prepare(path.join(options.stateDir, "build"), root));
  if (webBuilt && options.verbose !== false) console.log("Built the web app into dist/web");
  const buildDir = path.dirname(scriptPath);
  const { worker, binding, assetsWorker } = assetsBeside(workerOptions);
  fs.mkdirSync(options.stateDir, { recursive: true });
  const vars = { ...(workerOptions.bindings ?? {}), ...(options.vars ?? {}) };

  const owned =
    options.containers === undefined
      ? new ContainerSupervisor({
          root,
          maxProcesses: wholeNumber(vars.CONTAINER_MAX_PROCESSES),
          idleMs: wholeNumber(vars.CONTAINER_IDLE_MS),
        })
      : undefined;
  const containers = options.containers === false ? undefined : (options.containers ?? owned);
  const extraBindings = {
    ...((workerOptions as { serviceBindings?: object }).serviceBindings ?? {}),
    ...binding,
    ...((options.extra?.serviceBindings ?? {}) as object),
  };
  const serviceBindings = containers
    ? { ...extraBindings, CONTAINER_RUNTIME: containers.fetch }
    : extraBindings;
  // Nothing npm start spawned may outlive it, even on an unexpected exit.
  const killOnExit = () => owned?.killAllNow();
  process.once("exit", killOnExit);

  const miniflare = new Miniflare({
    host: options.host ?? "127.0.0.1",
    port: options.port,
    cf: false,
    verbose: options.runtimeVerbose ?? false,
    logRequests: options.logRequests ?? false,
    ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
    log: new Log(options.verbose === false ? LogLevel.WARN : LogLevel.INFO),
    durableObjectsPersist: path.join(options.stateDir, "durable-objects"),
    workers: [
      {
        ...worker,
        name: "parlor",
        modules: true,
        scriptPath,
        modulesRoot: buildDir,
        bindings: vars,
        ...(options.extra ?? {}),
        serviceBindings,
      },
      // The web app's files, beside the Worker rather than in front of it (./assets-worker.ts).
      ...(assetsWorker ? [assetsWorker] : []),
    ],
  } as ConstructorParameters<typeof Miniflare>[0]);
  const url = await miniflare.ready;
  // Containers dial the hub here: the address workerd listens on, not one a request named.
  if (containers) containers.hubUrl = `ws://${url.host}/connectws`;
  return {
    url,
    miniflare,
    containers,
    stop: async () => {
      // Parked monitor polls would hold workerd's shutdown; owned processes stop with us.
      containers?.release();
      await miniflare.dispose();
      await owned?.stopAll();
      process.off("exit", killOnExit);
    },
  };
}

function wholeNumber(value: unknown): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isInteger(n) && n >= 0 ? n : undefined;
}
