// sitrep UI. Article text is untrusted: everything is inserted with
// textContent / createElement, never as HTML.
"use strict";

const api = async (path) => {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : String(child ?? ""));
  return node;
}

function table(columns, rows, onClick) {
  const head = el("tr", {}, ...columns.map(([label]) => el("th", {}, label)));
  const body = rows.map((row) => {
    const tr = el("tr", onClick ? { class: "clickable" } : {}, ...columns.map(([, get]) => el("td", {}, get(row))));
    if (onClick) tr.addEventListener("click", () => onClick(row));
    return tr;
  });
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...body));
}

function showDetail(title, text) {
  const detail = document.getElementById("detail");
  detail.hidden = false;
  detail.replaceChildren(el("h2", {}, title), el("div", { class: "text" }, text));
}

const list = (value) => (Array.isArray(value) ? value.join(", ") : value ?? "");

const views = {
  async articles() {
    const { rows } = await api("/api/articles?limit=10000");
    rows.sort((a, b) => (a.published ?? "").localeCompare(b.published ?? ""));
    return table(
      [["published", (r) => r.published ?? "unknown"], ["outlet", (r) => r.outlet ?? ""],
       ["original outlet", (r) => r.original_outlet ?? ""], ["title", (r) => r.title ?? r.text.slice(0, 80)],
       ["cites", (r) => list(r.cited_outlets)],
       ["copy", (r) => (r.copy_relation ? `${r.copy_relation}${r.copy_of ? ` of ${r.copy_of.slice(0, 8)}` : ""}` : "")]],
      rows, (r) => showDetail(r.title ?? r.id, r.text));
  },
  async stories() {
    const { rows } = await api("/api/stories");
    return table([["story", (r) => r.title ?? r.id], ["articles", (r) => r.articles.length],
                  ["from", (r) => r.first_seen ?? ""], ["to", (r) => r.last_seen ?? ""]], rows,
                 (r) => showDetail(r.title ?? r.id, (r.summary ?? []).map((s) => s.text).join("\n\n")));
  },
  async timeline() {
    const { rows } = await api("/api/times?limit=10000");
    const dated = rows.filter((r) => r.type === "date" && r.value).sort((a, b) => a.value.localeCompare(b.value));
    return el("ol", { class: "timeline" }, ...dated.map((r) => el("li", {}, `${r.value}  `, el("span", { class: "muted" }, r.text))));
  },
  async quotes() {
    const { rows } = await api("/api/quotes?limit=10000");
    return table([["speaker", (r) => r.speaker ?? (r.speaker_mention?.text ?? "?")], ["quote", (r) => r.text],
                  ["kind", (r) => r.kind], ["date", (r) => r.date ?? ""], ["channel", (r) => r.channel ?? ""]], rows);
  },
  async statements() {
    const { rows } = await api("/api/statements?limit=10000");
    return table([["speaker", (r) => r.speaker ?? "?"], ["statement", (r) => r.text], ["date", (r) => r.date ?? ""],
                  ["sources", (r) => list(r.sources)], ["independent", (r) => r.independent_sources]], rows);
  },
  async actors() {
    const { rows } = await api("/api/actors?limit=10000");
    return table([["name", (r) => r.name], ["kind", (r) => r.kind], ["country", (r) => r.country ?? ""],
                  ["sector", (r) => r.sector ?? ""], ["aliases", (r) => list(r.aliases)], ["mentions", (r) => r.mentions]], rows);
  },
  async places() {
    const { rows } = await api("/api/places?limit=10000");
    const located = rows.filter((r) => r.lat != null && r.lon != null);
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "-180 -90 360 180");
    svg.setAttribute("class", "map");
    for (const r of located) {
      const dot = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      dot.setAttribute("cx", r.lon); dot.setAttribute("cy", -r.lat); dot.setAttribute("r", 1.2);
      const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = `${r.name ?? r.text} (${r.lat.toFixed(2)}, ${r.lon.toFixed(2)})`;
      dot.append(title); svg.append(dot);
    }
    const counts = new Map();
    for (const r of located) {
      const key = r.name ?? r.text;
      const seen = counts.get(key) ?? { ...r, n: 0 };
      seen.n += 1; counts.set(key, seen);
    }
    const sorted = [...counts.values()].sort((a, b) => b.n - a.n);
    return el("div", {}, svg, table([["place", (r) => r.name ?? r.text], ["feature", (r) => r.feature ?? ""],
      ["country", (r) => r.country ?? ""], ["mentions", (r) => r.n], ["lat, lon", (r) => `${r.lat.toFixed(3)}, ${r.lon.toFixed(3)}`]], sorted));
  },
};

async function show(name) {
  for (const button of document.querySelectorAll("#tabs button")) button.classList.toggle("active", button.dataset.view === name);
  const view = document.getElementById("view");
  try {
    view.replaceChildren(await views[name]());
  } catch (error) {
    view.replaceChildren(el("p", { class: "muted" }, `Could not load ${name}: ${error.message}`));
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  for (const button of document.querySelectorAll("#tabs button")) button.addEventListener("click", () => show(button.dataset.view));
  const { counts } = await api("/api/summary");
  document.getElementById("counts").textContent = Object.entries(counts).filter(([, n]) => n).map(([k, n]) => `${k}: ${n}`).join("  ");
  show("articles");
});
