"use strict";
// Every piece of text from the run goes in through textContent, never innerHTML: titles are data, not markup.
const data = JSON.parse(document.getElementById("report-data").textContent);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}
function fmt(x, digits) {
  return x === null || x === undefined ? "" : Number(x).toFixed(digits === undefined ? 3 : digits);
}
function pct(x) { return x === null || x === undefined ? "" : (100 * x).toFixed(1) + " %"; }
function missing(where, what) { where.appendChild(el("p", {class: "muted"}, what)); }

function barChart(title, rows) {
  const max = Math.max(1, ...rows.map(r => r[1]));
  const chart = el("div", {class: "bar-chart"}, el("strong", {}, title));
  for (const [label, value] of rows) {
    chart.appendChild(el("div", {class: "bar-row"}, el("span", {class: "bar-label"}, label),
      el("span", {class: "bar", style: "width:" + (12 * value / max).toFixed(2) + "rem"}),
      el("span", {class: "bar-value"}, value)));
  }
  return chart;
}

function kvTable(pairs) {
  const t = el("table", {class: "kv"});
  for (const [k, v] of pairs) t.appendChild(el("tr", {}, el("td", {}, k), el("td", {}, v)));
  return t;
}

function renderFidelity() {
  const s = data.sae;
  document.getElementById("sae-summary").appendChild(kvTable([
    ["model", data.run.model], ["plugin", data.run.plugin], ["probe", data.run.probe + " (" + data.run.probe_role + ")"],
    ["SAE", s.d_in + " \u2192 " + s.d_sae + " latents, k " + s.k],
    ["held-out NMSE", fmt(s.nmse, 4)], ["explained variance", fmt(s.explained_variance, 4)],
    ["dead latents", pct(s.dead_fraction) + " (held-out " + pct(s.dead_fraction_heldout) + ")"]]));
  const where = document.getElementById("table4");
  const r = data.ranking;
  if (!r) { missing(where, "Not evaluated yet: run 'recsae evaluate'."); }
  else {
    const t = el("table", {id: "table4-rows"}, el("tr", {}, el("th", {}, "metric"), el("th", {}, "original"),
      el("th", {}, "SAE"), el("th", {}, "change"), el("th", {}, "95 % interval")));
    for (const m of Object.keys(r.original)) {
      const c = r.change[m];
      t.appendChild(el("tr", {}, el("td", {}, m), el("td", {class: "num"}, fmt(r.original[m], 4)),
        el("td", {class: "num"}, fmt(r.sae[m], 4)), el("td", {class: "num"}, (100 * c.relative).toFixed(2) + " %"),
        el("td", {class: "num"}, "[" + fmt(c.ci95[0], 4) + ", " + fmt(c.ci95[1], 4) + "]")));
    }
    where.appendChild(t);
    where.appendChild(el("p", {class: "muted"}, r.test_users + " test users; " + r.protocol));
    if (r.all_positions) {
      const p = r.all_positions;
      where.appendChild(el("p", {}, "All positions: next-item NDCG@10 " + fmt(p["ndcg@10_original"], 4) + " \u2192 " +
        fmt(p["ndcg@10_sae"], 4) + " (" + (p["ndcg@10_relative_change"] == null ? "no change defined at 0"
        : (100 * p["ndcg@10_relative_change"]).toFixed(2) + " %") + ") over " +
        p.targets + " targets; top-10 overlap " + fmt(p.top10_overlap)));
    }
  }
  document.getElementById("density").appendChild(barChart("latents per firing frequency",
    (data.density || []).map(d => [d.frequency, d.latents])));
}

let rows = [];
let sortKey = "confidence", ascending = false;

function renderDictionary() {
  const where = document.getElementById("concept-summary");
  const s = data.summary;
  if (!s || !data.concepts) {
    missing(where, "No concept dictionary yet: run 'recsae interpret'.");
    document.getElementById("search").disabled = true;
    return;
  }
  where.appendChild(kvTable([
    ["interpreter", s.interpreter.name + " " + s.interpreter.version],
    ["latents", s.interpreted + " interpreted (" + s.over + "), " + s.scored + " scored, " + s.unscored + " unscored"],
    ["confidence \u2265 0.9", s.count_at_0_9 + " (" + pct(s.share_at_0_9) + ")"],
    ["mean confidence", fmt(s.mean_confidence) + " (scored only " + fmt(s.scored_only.mean_confidence) + ")"],
    ["shuffled-description control", fmt(s.shuffled_mean_confidence)],
    ["genres recovered (withheld)", s.genres_recovered ? s.genres_recovered.recovered_count + " of " +
      s.genres_recovered.eligible_count : "no genre field"]]));
  const fig = el("div", {class: "bars"});
  for (const m of ["recall", "precision", "confidence"]) {
    fig.appendChild(barChart(m, Object.entries(s.distributions[m])));
  }
  document.getElementById("figure4").appendChild(fig);
  const body = document.querySelector("#concepts tbody");
  for (const c of data.concepts) {
    const tr = el("tr", {class: "concept-row", "data-latent": c.latent},
      el("td", {class: "num"}, c.latent), el("td", {class: "num"}, fmt(c.confidence, 1)),
      el("td", {class: "num"}, fmt(c.recall, 1)), el("td", {class: "num"}, fmt(c.precision, 1)),
      el("td", {class: "num"}, c.activations), el("td", {}, c.status === "scored" ? c.description : "(" + c.reason + ")"));
    tr.addEventListener("click", () => openCard(c.latent));
    rows.push({tr, c, text: (c.description + " " + c.top.map(t => t[0]).join(" ")).toLowerCase()});
    body.appendChild(tr);
  }
  for (const th of document.querySelectorAll("#concepts th")) {
    th.addEventListener("click", () => {
      const key = th.getAttribute("data-key");
      ascending = key === sortKey ? !ascending : key === "description" || key === "latent";
      sortKey = key;
      sortRows();
    });
  }
  document.getElementById("search").addEventListener("input", e => filterRows(e.target.value));
  sortRows();
  filterRows("");
}

function sortRows() {
  const body = document.querySelector("#concepts tbody");
  const value = c => c[sortKey] === null || c[sortKey] === undefined ? -1 : c[sortKey];
  rows.sort((a, b) => {
    const x = value(a.c), y = value(b.c);
    const d = typeof x === "string" ? x.localeCompare(y) : x - y;
    return (ascending ? d : -d) || a.c.latent - b.c.latent;
  });
  for (const r of rows) body.appendChild(r.tr);
  for (const th of document.querySelectorAll("#concepts th")) {
    th.classList.toggle("sorted", th.getAttribute("data-key") === sortKey);
    th.classList.toggle("asc", ascending);
  }
}

function filterRows(query) {
  const words = query.toLowerCase().split(/\s+/).filter(w => w.length > 0);
  let shown = 0;
  for (const r of rows) {
    const match = words.every(w => r.text.includes(w));
    if (match) { r.tr.removeAttribute("hidden"); shown++; } else { r.tr.setAttribute("hidden", ""); }
  }
  document.getElementById("shown").textContent = shown + " of " + rows.length + " concepts";
}

function sequence(s, withPrediction) {
  const div = el("div", {class: "seq" + (s.kind === "inactive" ? " inactive" : "")});
  div.appendChild(el("div", {}, el("strong", {}, "level " + s.level + (withPrediction ? ", predicted " +
    s.predicted_level : "") + (s.kind ? " (" + s.kind + ")" : ""))));
  div.appendChild(el("div", {}, "history: " + s.h.join(" \u2192 ")));
  div.appendChild(el("div", {}, "model's top item: " + s.p));
  return div;
}

function openCard(latent) {
  if (!data.concepts) return;
  const c = data.concepts.find(x => x.latent === latent);
  if (!c) return;
  for (const r of rows) r.tr.classList.toggle("open", r.c.latent === latent);
  const card = document.getElementById("card");
  card.replaceChildren();
  card.appendChild(el("h3", {}, "Latent " + c.latent));
  card.appendChild(el("p", {class: "description"}, c.status === "scored" ? c.description : "unscored: " + c.reason));
  card.appendChild(kvTable([["confidence", fmt(c.confidence, 1)], ["recall", fmt(c.recall, 1)],
    ["precision", fmt(c.precision, 1)], ["activations", c.activations]]));
  const top = el("table", {}, el("tr", {}, el("th", {}, "top item"), el("th", {}, "times ranked first")));
  for (const [title, times] of c.top) top.appendChild(el("tr", {}, el("td", {}, title), el("td", {class: "num"}, times)));
  card.appendChild(el("h4", {}, "Top items"));
  card.appendChild(top);
  const steer = data.steer && data.steer.concepts.find(x => x.latent === latent);
  if (steer) {
    card.appendChild(el("h4", {}, "Steering (share of active users with a concept item in their top 10)"));
    card.appendChild(kvTable(steer.factors.map(f => ["x" + f.factor, pct(f.share_active_users) + " (HR@10 " +
      fmt(f["hr@10"], 4) + ")"])));
  }
  if (c.explaining.length) {
    card.appendChild(el("h4", {}, "Explaining sequences"));
    for (const s of c.explaining) card.appendChild(sequence(s, false));
    card.appendChild(el("h4", {}, "Verifying sequences"));
    for (const s of c.verification) card.appendChild(sequence(s, true));
  }
  card.removeAttribute("hidden");
}

function renderSteering() {
  const where = document.getElementById("steer");
  const s = data.steer;
  if (!s) { missing(where, "Not measured yet: run 'recsae steer-eval'."); return; }
  where.appendChild(el("p", {class: "muted"}, s.concept_items + "; " + s.test_users + " test users, " + s.mode + " mode."));
  const t = el("table", {id: "steer-rows"}, el("tr", {}, el("th", {}, "latent"), el("th", {}, "description"),
    el("th", {}, "active users"), ...(s.concepts.length ? s.concepts[0].factors.map(f => el("th", {}, "share x" + f.factor)) : [])));
  for (const c of s.concepts) {
    t.appendChild(el("tr", {}, el("td", {class: "num"}, c.latent), el("td", {}, c.description || ""),
      el("td", {class: "num"}, c.active_users), ...c.factors.map(f => el("td", {class: "num"}, pct(f.share_active_users)))));
  }
  where.appendChild(t);
}

function renderExplanations() {
  const where = document.getElementById("explain");
  if (!data.explanations || !data.explanations.length) {
    missing(where, "No user explained yet: run 'recsae explain --run RUN --user U'.");
    return;
  }
  for (const u of data.explanations) {
    where.appendChild(el("h3", {}, "User " + u.user + " (" + u.history_length + " history items)"));
    const t = el("table", {class: "explain-user"}, el("tr", {}, el("th", {}, "rank"), el("th", {}, "item"),
      el("th", {}, "score"), el("th", {}, "base"), el("th", {}, "residual"), el("th", {}, "top concepts")));
    for (const it of u.items) {
      const cell = el("td", {});
      for (const c of it.contributions) {
        const link = el("a", {href: "#latent=" + c.latent}, "latent " + c.latent);
        cell.appendChild(el("div", {}, (c.contribution >= 0 ? "+" : "") + fmt(c.contribution) + " ", link,
          c.description ? " " + c.description : ""));
      }
      t.appendChild(el("tr", {}, el("td", {class: "num"}, it.rank), el("td", {}, it.title),
        el("td", {class: "num"}, fmt(it.score)), el("td", {class: "num"}, fmt(it.base)),
        el("td", {class: "num"}, fmt(it.residual)), cell));
    }
    where.appendChild(t);
  }
}

function renderComparison() {
  const where = document.getElementById("compare");
  const c = data.compare;
  if (!c) { missing(where, "No comparison in this run: 'recsae compare' puts two runs side by side."); return; }
  const s = c.summary;
  where.appendChild(kvTable([
    ["A", c.runs.a.model + " (plugin " + c.runs.a.plugin + ", " + c.runs.a.compared + " latents compared)"],
    ["B", c.runs.b.model + " (plugin " + c.runs.b.plugin + ", " + c.runs.b.compared + " latents compared)"],
    ["A's latents with a match in B at cosine \u2265 " + c.threshold, pct(s.matched_share_a)],
    ["B's latents with a match in A", pct(s.matched_share_b)],
    ["the same against B with its items shuffled", pct(s.shuffled_matched_share_a)],
    ["one-to-one pairs at the threshold", s.one_to_one_pairs_at_threshold],
    ["mean cosine of the optimal one-to-one assignment", fmt(s.mean_assigned_cosine)],
    ["latents split or merged (best match of several)", s.splits]]));
  for (const st of c.stability || []) {
    where.appendChild(el("p", {}, "Stability: another SAE of " + st.against.toUpperCase() + "'s model (seed "
      + st.sae_seed + " vs " + st.reference_sae_seed + ") finds a match for " + pct(st.matched_share)
      + " of its latents; shuffled control " + pct(st.shuffled_matched_share) + "."));
  }
  const pairs = el("table", {id: "compare-pairs"}, el("tr", {}, el("th", {}, "A latent"), el("th", {}, "A concept"),
    el("th", {}, "B latent"), el("th", {}, "B concept"), el("th", {}, "cosine")));
  for (const p of c.pairs) {
    pairs.appendChild(el("tr", {}, el("td", {class: "num"}, p.a), el("td", {}, p.a_description),
      el("td", {class: "num"}, p.b), el("td", {}, p.b_description), el("td", {class: "num"}, fmt(p.cosine))));
  }
  where.appendChild(el("h3", {}, "Matched concepts (" + c.pairs.length + ")"));
  if (c.pairs.length) where.appendChild(pairs); else missing(where, "No one-to-one pair reaches the threshold.");
  for (const side of ["a", "b"]) {
    const list = c["unique_" + side];
    const shown = list.slice().sort((x, y) => (y.confidence || 0) - (x.confidence || 0)).slice(0, 25);
    const t = el("table", {}, el("tr", {}, el("th", {}, "latent"), el("th", {}, "concept"),
      el("th", {}, "confidence"), el("th", {}, "best cosine")));
    for (const u of shown) {
      t.appendChild(el("tr", {}, el("td", {class: "num"}, u.latent), el("td", {}, u.description),
        el("td", {class: "num"}, fmt(u.confidence, 1)), el("td", {class: "num"}, fmt(u.cosine))));
    }
    where.appendChild(el("h3", {}, "Only in " + side.toUpperCase() + " (" + list.length + "; the 25 most confident)"));
    where.appendChild(t);
  }
  if (c.genres) {
    const g = el("table", {id: "compare-genres"}, el("tr", {}, el("th", {}, "genre"), el("th", {}, "items"),
      el("th", {}, "A latents"), el("th", {}, "B latents"), el("th", {}, "matched pairs")));
    for (const r of c.genres) {
      g.appendChild(el("tr", {}, el("td", {}, r.genre), el("td", {class: "num"}, r.items), el("td", {class: "num"}, r.a),
        el("td", {class: "num"}, r.b), el("td", {class: "num"}, r.matched_pairs)));
    }
    where.appendChild(el("h3", {}, "Genre coverage"));
    where.appendChild(g);
  }
}

function applyHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has("q")) {
    document.getElementById("search").value = params.get("q");
    filterRows(params.get("q"));
  }
  if (params.has("latent")) openCard(Number(params.get("latent")));
}

renderFidelity();
renderDictionary();
renderSteering();
renderExplanations();
renderComparison();
applyHash();
window.addEventListener("hashchange", applyHash);
document.body.setAttribute("data-rendered", "yes");
