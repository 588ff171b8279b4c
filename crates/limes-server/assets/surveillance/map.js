// The situational picture: countries from the embedded world atlas (TopoJSON), the territory, border sections,
// BCPs, incidents and patrols, drawn as SVG in the page from Limes's own endpoints only. Hand-written, no library.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var holder = document.getElementById("map");
  var configNode = document.getElementById("map-config");
  if (!holder || !configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var view = config.view;
  var status = document.getElementById("map-status");
  var WIDTH = 1000;
  var lat0 = ((view.min_lat + view.max_lat) / 2) * Math.PI / 180;
  var kx = WIDTH / ((view.max_lon - view.min_lon) * Math.cos(lat0));
  var HEIGHT = Math.round((view.max_lat - view.min_lat) * kx);
  var CLASS_COLOURS = {
    unauthorised_border_crossing: "#c0392b",
    cross_border_crime: "#8e44ad",
    crisis_situation: "#e67e22",
    other: "#2c3e50"
  };

  function x(lon) { return ((lon - view.min_lon) * Math.cos(lat0) * kx).toFixed(1); }
  function y(lat) { return ((view.max_lat - lat) * kx).toFixed(1); }
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function pathOf(ring, close) {
    var d = "";
    for (var i = 0; i < ring.length; i++) { d += (i ? "L" : "M") + x(ring[i][0]) + " " + y(ring[i][1]); }
    return close ? d + "Z" : d;
  }
  function inView(ring) {
    var a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
    for (var i = 0; i < ring.length; i++) {
      a = Math.min(a, ring[i][0]); c = Math.max(c, ring[i][0]);
      b = Math.min(b, ring[i][1]); d = Math.max(d, ring[i][1]);
    }
    return a <= view.max_lon && c >= view.min_lon && b <= view.max_lat && d >= view.min_lat;
  }

  var svg = el("svg", { viewBox: "0 0 " + WIDTH + " " + HEIGHT, width: "100%", id: "map-svg" }, holder);
  el("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: "#dbe9f4" }, svg);
  var layers = {};
  ["countries", "territory", "sections", "patrols", "incidents", "bcps"].forEach(function (name) {
    layers[name] = el("g", { id: "layer-" + name }, svg);
  });

  // TopoJSON: delta-encoded, quantised arcs; a negative index is the arc ~i reversed.
  function decodeArcs(topo) {
    var s = topo.transform.scale, t = topo.transform.translate;
    return topo.arcs.map(function (arc) {
      var px = 0, py = 0;
      return arc.map(function (p) { px += p[0]; py += p[1]; return [px * s[0] + t[0], py * s[1] + t[1]]; });
    });
  }
  function ringOf(arcs, indices) {
    var out = [];
    indices.forEach(function (i) {
      var arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      out = out.concat(out.length ? arc.slice(1) : arc);
    });
    return out;
  }
  function drawCountries(topo) {
    var arcs = decodeArcs(topo);
    topo.objects.countries.geometries.forEach(function (g) {
      var polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      var d = "";
      polys.forEach(function (poly) {
        poly.forEach(function (r) {
          var ring = ringOf(arcs, r);
          if (inView(ring)) { d += pathOf(ring, true); }
        });
      });
      if (d) {
        var p = el("path", { d: d, fill: "#f4f1e8", stroke: "#8a8a7a", "stroke-width": 1, "class": "country" }, layers.countries);
        el("title", {}, p).textContent = (g.properties && g.properties.name) || "";
      }
    });
  }
  function drawStatic() {
    if (config.territory) {
      config.territory.outline.forEach(function (poly) {
        el("path", { d: poly.map(function (r) { return pathOf(r, true); }).join(""), fill: "#e3f0d8", "fill-opacity": 0.7, stroke: "#4a7a2c", "stroke-width": 1.5, "stroke-dasharray": "4 3" }, layers.territory);
      });
      (config.territory.waters || []).forEach(function (poly) {
        el("path", { d: poly.map(function (r) { return pathOf(r, true); }).join(""), fill: "#b7d3ea", stroke: "none" }, layers.territory);
      });
    }
    config.sections.forEach(function (s) {
      var line = el("path", { d: pathOf(s.line, false), fill: "none", stroke: s.border_type === "land" ? "#2e8b57" : "#1f6fb2", "stroke-width": 4, "stroke-linecap": "round", "class": "section" }, layers.sections);
      el("title", {}, line).textContent = s.code + " " + s.name + " (" + s.neighbour + ")";
    });
    config.bcps.forEach(function (b) {
      var g = el("g", { "class": "bcp" }, layers.bcps);
      el("rect", { x: x(b.position[0]) - 5, y: y(b.position[1]) - 5, width: 10, height: 10, fill: "#ffffff", stroke: "#000000", "stroke-width": 2 }, g);
      var label = el("text", { x: Number(x(b.position[0])) + 8, y: Number(y(b.position[1])) + 4, "font-size": 12, fill: "#000000" }, g);
      label.textContent = b.code;
      el("title", {}, g).textContent = b.code + " " + b.name;
    });
  }

  var pageLoadedAt = Date.now();

  function query() {
    var days = Number(document.getElementById("map-days").value || 31);
    // The node's clock decides, not the device's (which may be wrong): the server's time at page load plus the
    // time the page has been open, and an hour's margin.
    var to = new Date(new Date(config.now).getTime() + (Date.now() - pageLoadedAt) + 3600 * 1000);
    var from = new Date(to.getTime() - days * 86400 * 1000);
    var q = "?bbox=" + [view.min_lon, view.min_lat, view.max_lon, view.max_lat].map(function (v) { return v.toFixed(4); }).join(",") +
      "&from=" + encodeURIComponent(from.toISOString()) + "&to=" + encodeURIComponent(to.toISOString());
    return { q: q, to: to, days: days };
  }
  function clear(g) { while (g.firstChild) { g.removeChild(g.firstChild); } }
  function drawIncidents(fc, to, days) {
    clear(layers.incidents);
    var cls = document.getElementById("map-class").value;
    var shown = 0;
    fc.features.forEach(function (f) {
      var p = f.properties;
      if (cls && p["class"] !== cls) { return; }
      var age = (to.getTime() - new Date(p.occurred_at).getTime()) / (days * 86400 * 1000);
      var opacity = Math.max(0.25, 1 - age * 0.75).toFixed(2);
      var colour = CLASS_COLOURS[p["class"]] || "#000000";
      var g = f.geometry, node;
      if (g.type === "Point") {
        node = el("circle", { cx: x(g.coordinates[0]), cy: y(g.coordinates[1]), r: 4, fill: colour, "fill-opacity": opacity, stroke: "#ffffff", "stroke-width": 0.5, "class": "incident" }, layers.incidents);
      } else if (g.type === "LineString") {
        node = el("path", { d: pathOf(g.coordinates, false), fill: "none", stroke: colour, "stroke-opacity": opacity, "stroke-width": 2, "class": "incident" }, layers.incidents);
      } else {
        node = el("path", { d: g.coordinates.map(function (r) { return pathOf(r, true); }).join(""), fill: colour, "fill-opacity": opacity * 0.5, stroke: colour, "class": "incident" }, layers.incidents);
      }
      el("title", {}, node).textContent = (config.labels[p["class"]] || p["class"]) + " · " + p.incident_type + " · " + p.occurred_at + (p.warnings.length ? " ⚠ " + p.warnings.join(", ") : "");
      shown++;
    });
    return shown;
  }
  function drawPatrols(fc) {
    clear(layers.patrols);
    fc.features.forEach(function (f) {
      var g = f.geometry;
      var joint = f.properties.patrol_type !== "national";
      var d = g.type === "LineString" ? pathOf(g.coordinates, false) : g.type === "Polygon" ? g.coordinates.map(function (r) { return pathOf(r, true); }).join("") : "";
      if (!d) { return; }
      var node = el("path", { d: d, fill: "none", stroke: joint ? "#d4a017" : "#555555", "stroke-width": 2, "stroke-dasharray": f.properties.status === "planned" ? "6 4" : "none", "class": "patrol" }, layers.patrols);
      el("title", {}, node).textContent = f.properties.unit + " · " + f.properties.patrol_type + " · " + f.properties.start;
    });
    return fc.features.length;
  }
  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }
  function reload() {
    var q = query();
    return Promise.all([getJson("/api/v1/incidents" + q.q), getJson("/api/v1/patrols" + q.q)]).then(function (res) {
      var n = drawIncidents(res[0], q.to, q.days);
      var m = drawPatrols(res[1]);
      status.textContent = n + " · " + m;
      holder.setAttribute("data-incidents", String(n));
      holder.setAttribute("data-patrols", String(m));
    });
  }
  function toggle(id, layer) {
    var box = document.getElementById(id);
    box.addEventListener("change", function () { layers[layer].setAttribute("display", box.checked ? "inline" : "none"); });
  }
  toggle("layer-bcps", "bcps");
  toggle("layer-incidents", "incidents");
  toggle("layer-patrols", "patrols");
  document.getElementById("map-days").addEventListener("change", reload);
  document.getElementById("map-class").addEventListener("change", reload);
  document.getElementById("map-filters").addEventListener("submit", function (e) { e.preventDefault(); });

  drawStatic();
  getJson("/surveillance/atlas.json").then(drawCountries).then(reload).then(function () {
    holder.setAttribute("data-drawn", "yes");
    if (document.querySelector(".map-print")) { window.print(); }
    if (window.EventSource) {
      var last = null;
      var events = new EventSource("/surveillance/events");
      events.addEventListener("change", function (e) {
        if (last !== null && e.lastEventId !== last) { reload(); }
        last = e.lastEventId;
      });
    }
  }).catch(function (e) {
    status.textContent = String(e);
    holder.setAttribute("data-drawn", "failed");
  });
})();
