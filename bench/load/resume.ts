// Resume under load (Parlor's protocol): `clients` users join and leave, `missed` messages are
// sent while they are away, and all of them come back at once with `since` and `epoch`. Each
// must get exactly the missed messages, in order, in its welcome: none lost, none twice.
import { Connection, now, type Shared } from "./connection.js";
import { textFrame } from "./frames.js";
import type { Phase, Plan } from "./plan.js";

interface Welcome {
  type: string;
  epoch?: string;
  lastSeq?: number;
  resume?: string;
  history?: { seq: number }[];
}

/** A client whose handshake fails (refused, timed out) tries again, as the SDK does. */
const CONNECT_ATTEMPTS = 3;
const RETRY_DELAY_MS = 500;

async function openAll(
  plan: Plan,
  shared: Shared,
  paths: string[],
): Promise<{
  conns: Connection[];
  welcomes: (Welcome | null)[];
  /** Why each client's last handshake failed, when every attempt did. */
  failures: (string | null)[];
  retries: number;
  ms: number;
}> {
  const failures: (string | null)[] = paths.map(() => null);
  const welcomes: (Welcome | null)[] = paths.map(() => null);
  // Settled: welcomed, or out of attempts (such a client will get no welcome).
  let settled = 0;
  let retries = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  const settle = () => {
    if (++settled === paths.length) resolveAll();
  };
  const open = (i: number) => {
    const conn = new Connection(shared, "parlor", false);
    conn.onFrame = (text) => {
      if (welcomes[i] !== null || !text.startsWith('{"type":"welcome"')) return;
      welcomes[i] = JSON.parse(text) as Welcome;
      settle();
    };
    return conn;
  };
  const conns = paths.map((_, i) => open(i));
  const started = now();
  let next = 0;
  const worker = async () => {
    while (next < conns.length) {
      const i = next++;
      for (let attempt = 1; ; attempt++) {
        const opened = await conns[i]!.connect(plan.host, plan.port, paths[i]!);
        if (typeof opened === "number" || welcomes[i] !== null) break;
        if (attempt === CONNECT_ATTEMPTS) {
          failures[i] = opened;
          settle();
          break;
        }
        retries++;
        conns[i] = open(i);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(256, conns.length) }, worker));
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 120_000))]);
  return { conns, welcomes, failures, retries, ms: now() - started };
}

export async function resume(
  plan: Plan,
  phase: Extract<Phase, { kind: "resume" }>,
  shared: Shared,
) {
  const room = `resume-${Date.now()}`;
  const names = Array.from({ length: phase.clients }, (_, i) => `r${i}`);
  const first = await openAll(
    plan,
    shared,
    names.map((name) => `/ws?room=${room}&name=${name}`),
  );
  for (const conn of first.conns) conn.close();

  // While they are away, one sender posts `missed` messages and waits for every ack.
  const acked: number[] = [];
  const sender = new Connection(shared, "parlor", false);
  let resolveAcks!: () => void;
  const acks = new Promise<void>((resolve) => {
    resolveAcks = resolve;
  });
  sender.onFrame = (text) => {
    if (!text.startsWith('{"type":"ack"')) return;
    acked.push((JSON.parse(text) as { seq: number }).seq);
    if (acked.length === phase.missed) resolveAcks();
  };
  const opened = await sender.connect(plan.host, plan.port, `/ws?room=${room}&name=sender`);
  if (typeof opened === "string") throw new Error(`resume sender: ${opened}`);
  for (let i = 0; i < phase.missed; i++) {
    sender.send(
      textFrame(JSON.stringify({ type: "message", message: `missed ${i}`.padEnd(90, ".") })),
    );
  }
  await Promise.race([acks, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  sender.close();

  const back = await openAll(
    plan,
    shared,
    names.map((name, i) => {
      const w = first.welcomes[i];
      return `/ws?room=${room}&name=${name}&since=${w?.lastSeq ?? 0}&epoch=${w?.epoch ?? ""}`;
    }),
  );
  const expected = new Set(acked);
  // Lost and duplicated count messages in the welcomes of clients that resumed; a client that
  // did not resume (no welcome, or told to reload) is counted apart, by reason.
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let notResumed = 0;
  const refusals: Record<string, number> = {};
  for (const [i, welcome] of back.welcomes.entries()) {
    if (welcome?.resume !== "ok") {
      const why = !first.welcomes[i]
        ? `no first welcome (${first.failures[i] ?? "open, never greeted"})`
        : back.failures[i]
          ? `connect failed ${CONNECT_ATTEMPTS} times (${back.failures[i]})`
          : !welcome
            ? "open, never greeted"
            : `told to ${welcome.resume ?? "start over (no resume field)"}`;
      refusals[why] = (refusals[why] ?? 0) + 1;
      notResumed++;
      continue;
    }
    const seqs = (welcome.history ?? []).map((m) => m.seq);
    const seen = new Set(seqs);
    duplicated += seqs.length - seen.size;
    for (const seq of expected) if (!seen.has(seq)) lost++;
    for (let k = 1; k < seqs.length; k++) if (seqs[k]! <= seqs[k - 1]!) outOfOrder++;
  }
  for (const conn of back.conns) conn.close();
  return {
    clients: phase.clients,
    missed: phase.missed,
    acked: acked.length,
    caughtUp: back.welcomes.filter((w) => w?.resume === "ok").length,
    catchUpMs: Math.round(back.ms),
    lost,
    duplicated,
    outOfOrder,
    notResumed,
    refusals,
    retries: first.retries + back.retries,
    firstPassMs: Math.round(first.ms),
  };
}
