// The network drawing: progressive enhancement over the tables the page already lists.
// cytoscape.js is served by the app from its npm package (window.cytoscape).

const SHAPES = {
  Person: "ellipse",
  Phone: "round-rectangle",
  Vehicle: "triangle",
  Address: "rectangle",
  CountyLine: "diamond",
};
const COLOURS = { suspect: "#d4351c", victim: "#912b88", both: "#d4351c", none: "#b1b4b6" };
const LINE = "#f47738";

function style() {
  return [
    {
      selector: "node",
      style: {
        label: "data(label)",
        "font-size": 11,
        "text-valign": "bottom",
        "text-margin-y": 4,
        "text-wrap": "ellipsis",
        "text-max-width": 120,
        width: 26,
        height: 26,
        shape: (n) => SHAPES[n.data("schema")] || "ellipse",
        "background-color": (n) =>
          n.data("deal_line") !== null && n.data("role_class") === "none"
            ? LINE
            : COLOURS[n.data("role_class")] || COLOURS.none,
        "border-color": "#0b0c0c",
        "border-width": 1,
      },
    },
    // The entity the page is about is drawn larger.
    { selector: "node[?centre]", style: { width: 40, height: 40, "font-weight": "bold" } },
    // A suspect who may also be a victim: the suspect's colour ringed in the victim's.
    { selector: "node[role_class = 'both']", style: { "border-color": COLOURS.victim, "border-width": 5 } },
    { selector: "node:selected", style: { "overlay-opacity": 0.2 } },
    {
      selector: "edge",
      style: { width: 2, "line-color": "#505a5f", "curve-style": "bezier" },
    },
    { selector: "edge:selected", style: { label: "data(label)", "font-size": 10, "line-color": "#1d70b8" } },
  ];
}

function layout(cy) {
  cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 8000 }).run();
}

// The text alternative keeps up with the drawing: nodes and links brought in by expanding get
// rows like the server's. Text goes in as text (textContent), never as markup.
function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function cell(...children) {
  const td = element("td", "govuk-table__cell");
  td.append(...children);
  return td;
}

function link(href, text, hidden) {
  const a = element("a", "govuk-link", text);
  a.href = href;
  if (hidden) a.append(element("span", "govuk-visually-hidden", hidden));
  return a;
}

function nodeRow(data) {
  const row = element("tr", "govuk-table__row");
  row.dataset.node = data.id;
  const name = cell(link(`/entities/${encodeURIComponent(data.id)}`, data.label || data.id));
  if (data.deal_line !== null) name.append(" ", element("strong", "govuk-tag govuk-tag--orange", "Deal line"));
  let reasons = "None";
  if (data.reasons && data.reasons.length) {
    reasons = element("ul", "govuk-list govuk-!-font-size-16");
    reasons.append(...data.reasons.map((r) => element("li", null, r)));
  }
  const degree = cell(String(data.degree));
  degree.classList.add("govuk-table__cell--numeric");
  row.append(
    name,
    cell(data.kind || data.schema),
    cell(reasons),
    degree,
    cell(link(`/network/entities/${encodeURIComponent(data.id)}`, "Its network", `: ${data.label}`)),
  );
  return row;
}

function linkRow(data, cy) {
  const row = element("tr", "govuk-table__row");
  row.dataset.link = data.id;
  const caption = (id) => cy.getElementById(id).data("label") || id;
  let dates = "not dated";
  if (data.first) dates = data.last && data.last !== data.first ? `${data.first} to ${data.last}` : data.first;
  row.append(
    cell(`${caption(data.source)} and ${caption(data.target)}`),
    cell(data.label),
    cell(data.gradings.join(", ")),
    cell(data.sources.join(", ")),
    cell(dates),
  );
  return row;
}

function addRows(cy, fresh) {
  const nodes = document.querySelector("[data-network-nodes] tbody");
  const links = document.querySelector("[data-network-links] tbody");
  if (!nodes || !links) return;
  for (const e of fresh) {
    if (e.group === "nodes") nodes.append(nodeRow(e.data));
  }
  const edges = fresh.filter((e) => e.group === "edges");
  if (edges.length) links.querySelector("[data-network-no-links]")?.remove();
  for (const e of edges) links.append(linkRow(e.data, cy));
  const count = (selector, n) => {
    const shown = document.querySelector(selector);
    if (shown) shown.textContent = String(n);
  };
  count("[data-network-nodes-count]", nodes.querySelectorAll("[data-node]").length);
  count("[data-network-links-count]", links.querySelectorAll("[data-link]").length);
}

function start(box) {
  const canvas = box.querySelector("[data-network-canvas]");
  const status = box.querySelector("[data-network-status]");
  const hint = box.querySelector("[data-network-hint]");
  const elements = JSON.parse(box.querySelector("[data-network-elements]").textContent);
  if (!window.cytoscape) return;
  canvas.classList.add("lw-network__canvas--drawn");
  hint.textContent =
    "Click a node (or choose it below) to bring in its own links. The tables below list every node and link drawn.";
  const cy = window.cytoscape({ container: canvas, elements, style: style() });
  layout(cy);
  box.dataset.nodes = cy.nodes().length;
  window.lwNetwork = cy;

  async function expand(id) {
    const url = `${box.dataset.graphUrl}&around=${encodeURIComponent(id)}&hops=1`;
    status.textContent = "Bringing in links…";
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      status.textContent = `Could not bring in the links (${response.status}).`;
      return;
    }
    const found = await response.json();
    const fresh = found.elements.filter((e) => cy.getElementById(e.data.id).empty());
    const added = fresh.filter((e) => e.group === "nodes").length;
    cy.add(fresh.map((e) => ({ ...e, data: { ...e.data, centre: false } })));
    addRows(cy, fresh);
    layout(cy);
    box.dataset.nodes = cy.nodes().length;
    const name = cy.getElementById(id).data("label");
    status.textContent = `${name}: ${added} more node${added === 1 ? "" : "s"} brought in.`;
    refreshChoices();
  }

  // The same for keyboard users: a list of the drawn nodes and a button.
  const form = document.createElement("div");
  form.className = "govuk-form-group lw-network__expand";
  form.innerHTML =
    '<label class="govuk-label govuk-label--s" for="lw-expand">Bring in the links of</label>' +
    '<select class="govuk-select" id="lw-expand"></select> ' +
    '<button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-expand>Expand</button>';
  box.insertBefore(form, status);
  const select = form.querySelector("select");
  function refreshChoices() {
    const chosen = select.value;
    select.replaceChildren(
      ...cy
        .nodes()
        .sort((a, b) => a.data("label").localeCompare(b.data("label")))
        .map((n) => new Option(`${n.data("label")} (${n.data("schema")})`, n.id())),
    );
    if (chosen) select.value = chosen;
  }
  refreshChoices();
  form.querySelector("[data-expand]").addEventListener("click", () => expand(select.value));
  cy.on("tap", "node", (event) => expand(event.target.id()));
}

document.querySelectorAll("[data-network]").forEach(start);
