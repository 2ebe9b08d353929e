// One small SVG per server: p50 and p99 latency (log scale) against offered load.
import type { Spread } from "../summary.js";

export interface ChartPoint {
  load: number;
  p50: Spread | null;
  p99: Spread | null;
}

const W = 480;
const H = 280;
const PAD = { left: 56, right: 16, top: 34, bottom: 44 };

export function latencyChart(title: string, points: ChartPoint[]): string {
  const loads = points.map((p) => p.load);
  const values = points
    .flatMap((p) => [p.p50?.median, p.p99?.median])
    .filter((v): v is number => !!v && v > 0);
  const xMax = Math.max(...loads, 1);
  const yMin = Math.max(0.1, Math.min(...values, 1) / 1.5);
  const yMax = Math.max(...values, 10) * 1.5;
  const x = (load: number) => PAD.left + (load / xMax) * (W - PAD.left - PAD.right);
  const y = (ms: number) =>
    H -
    PAD.bottom -
    ((Math.log10(ms) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) *
      (H - PAD.top - PAD.bottom);
  const line = (pick: (p: ChartPoint) => number | undefined, color: string, label: string) => {
    const pts = points
      .map((p) => [p.load, pick(p)] as const)
      .filter((p): p is readonly [number, number] => !!p[1]);
    if (pts.length === 0) return "";
    const path = pts
      .map(([l, v], i) => `${i ? "L" : "M"}${x(l).toFixed(1)},${y(v).toFixed(1)}`)
      .join(" ");
    const dots = pts
      .map(
        ([l, v]) =>
          `<circle cx="${x(l).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${color}"/>`,
      )
      .join("");
    return `<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>${dots}<text x="${W - PAD.right - 4}" y="${(y(pts[pts.length - 1]![1]) - 6).toFixed(1)}" text-anchor="end" fill="${color}">${label}</text>`;
  };
  const yTicks = [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000].filter(
    (t) => t >= yMin && t <= yMax,
  );
  const grid = yTicks
    .map(
      (t) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#ddd"/><text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`,
    )
    .join("");
  const xTicks = loads
    .map(
      (l) =>
        `<text x="${x(l).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${l >= 1000 ? `${l / 1000}k` : l}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">
<title>${escapeXml(title)}</title>
<rect width="${W}" height="${H}" fill="white"/>
<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(title)}</text>
${grid}${xTicks}
<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#888"/>
<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#888"/>
<text x="${(W + PAD.left) / 2}" y="${H - 8}" text-anchor="middle">offered load, deliveries/s</text>
<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">latency, ms (log)</text>
${line((p) => p.p99?.median, "#d62728", "p99")}
${line((p) => p.p50?.median, "#1f77b4", "p50")}
</svg>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
