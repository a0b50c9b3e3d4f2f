// Render the app's OpenAPI document as a browsable page: operations grouped by tag, with their
// security, parameters, request bodies and responses. No dependencies; every text goes in as text.
(function () {
  "use strict";

  var METHODS = ["get", "post", "put", "patch", "delete"];
  var MAX_DEPTH = 6;
  var spec = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Inline Markdown that the document uses: `code` and **strong**; everything else is plain text.
  function rich(text, tag) {
    var node = el(tag || "p", { className: "rich" });
    String(text || "").split(/(`[^`]*`|\*\*[^*]+\*\*)/).forEach(function (part) {
      if (/^`[^`]*`$/.test(part)) node.appendChild(el("code", { text: part.slice(1, -1) }));
      else if (/^\*\*[^*]+\*\*$/.test(part)) node.appendChild(el("strong", { text: part.slice(2, -2) }));
      else if (part) node.appendChild(document.createTextNode(part));
    });
    return node;
  }

  function paragraphs(text) {
    var box = el("div", { className: "description" });
    String(text || "").split(/\n\s*\n/).forEach(function (para) {
      if (para.trim()) box.appendChild(rich(para.trim()));
    });
    return box;
  }

  function resolve(ref) {
    var node = spec;
    ref.replace(/^#\//, "").split("/").forEach(function (key) {
      node = node ? node[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
    });
    return node || {};
  }

  function refName(ref) {
    return ref.split("/").pop();
  }

  function slug(text) {
    return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  // ---- schemas -------------------------------------------------------------------------------

  function typeLabel(schema) {
    if (schema.$ref) return refName(schema.$ref);
    var type = schema.type || (schema.properties ? "object" : "any");
    if (type === "array") return "array of " + typeLabel(schema.items || {});
    if (type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object" &&
        !schema.properties) {
      var values = typeLabel(schema.additionalProperties);
      return values === "any" ? "object" : "map of string → " + values;
    }
    return schema.format ? type + " (" + schema.format + ")" : type;
  }

  function constraints(schema) {
    var notes = [];
    if (schema.nullable) notes.push("nullable");
    if (schema.enum) notes.push("one of: " + schema.enum.map(function (v) { return JSON.stringify(v); }).join(", "));
    [["minimum", "≥ "], ["maximum", "≤ "], ["minLength", "min length "], ["maxLength", "max length "],
     ["minItems", "min items "], ["maxItems", "max items "], ["minProperties", "min properties "],
     ["pattern", "pattern "]].forEach(function (pair) {
      if (schema[pair[0]] !== undefined) notes.push(pair[1] + schema[pair[0]]);
    });
    if (schema["default"] !== undefined && schema["default"] !== null) {
      notes.push("default " + JSON.stringify(schema["default"]));
    }
    if (schema.readOnly) notes.push("read-only");
    if (schema.writeOnly) notes.push("write-only");
    return notes;
  }

  function schemaTree(schema, depth, seen) {
    schema = schema || {};
    seen = seen || [];
    if (schema.$ref) {
      if (seen.indexOf(schema.$ref) >= 0 || depth > MAX_DEPTH) {
        return el("span", { className: "type", text: refName(schema.$ref) + " (see above)" });
      }
      return schemaTree(resolve(schema.$ref), depth, seen.concat([schema.$ref]));
    }
    if (schema.type === "array" && schema.items) {
      var inner = schema.items.$ref ? resolve(schema.items.$ref) : schema.items;
      if (inner.properties) return schemaTree(schema.items, depth, seen);
    }
    var props = schema.properties;
    if (!props && schema.additionalProperties && typeof schema.additionalProperties === "object") {
      var valueSchema = schema.additionalProperties.$ref ? resolve(schema.additionalProperties.$ref)
        : schema.additionalProperties;
      if (valueSchema.properties) return schemaTree(schema.additionalProperties, depth, seen);
    }
    if (!props) {
      var notes = constraints(schema);
      return el("span", {}, [el("span", { className: "type", text: typeLabel(schema) }),
        notes.length ? el("span", { className: "notes", text: " — " + notes.join("; ") }) : null]);
    }
    var required = schema.required || [];
    var list = el("ul", { className: "props" });
    Object.keys(props).forEach(function (name) {
      var prop = props[name];
      var target = prop.$ref ? resolve(prop.$ref) : prop;
      var itemTarget = target.type === "array" && target.items
        ? (target.items.$ref ? resolve(target.items.$ref) : target.items) : null;
      var nested = target.properties || (itemTarget && itemTarget.properties);
      var notes = constraints(target);
      var row = el("li", {}, [
        el("code", { className: "prop", text: name }),
        required.indexOf(name) >= 0 ? el("span", { className: "req", title: "required", text: " *" }) : null,
        " ",
        el("span", { className: "type", text: typeLabel(prop) }),
        notes.length ? el("span", { className: "notes", text: " — " + notes.join("; ") }) : null,
        target.description ? rich(target.description, "span") : null,
      ]);
      if (target.description) row.lastChild.classList.add("prop-description");
      if (nested && depth < MAX_DEPTH) {
        row.appendChild(schemaTree(prop.$ref ? prop : (itemTarget ? target.items : prop), depth + 1, seen));
      }
      list.appendChild(row);
    });
    return list;
  }

  function contentBlock(content) {
    var box = el("div", { className: "content" });
    Object.keys(content || {}).forEach(function (mediaType) {
      var media = content[mediaType] || {};
      box.appendChild(el("p", { className: "media" }, [el("code", { text: mediaType })]));
      if (media.schema) box.appendChild(el("div", { className: "schema" }, [schemaTree(media.schema, 0)]));
    });
    return box;
  }

  // ---- operations ----------------------------------------------------------------------------

  function securityBlock(op) {
    var requirements = op.security !== undefined ? op.security : (spec.security || []);
    if (!requirements.length) return el("p", { className: "auth public" }, ["Public: no credentials."]);
    var schemes = (spec.components || {}).securitySchemes || {};
    var items = requirements.map(function (req) {
      return Object.keys(req).map(function (name) {
        var scheme = schemes[name] || {};
        return el("li", {}, [el("code", { text: name }), " ",
          rich(scheme.description || scheme.type || "", "span")]);
      });
    });
    var list = el("ul", { className: "auth-list" });
    items.forEach(function (group) { group.forEach(function (li) { list.appendChild(li); }); });
    return el("div", { className: "auth" }, [
      el("p", { text: requirements.length > 1 ? "Credentials (any one of):" : "Credentials:" }), list]);
  }

  function parametersBlock(params) {
    if (!params.length) return null;
    var body = el("tbody");
    params.forEach(function (param) {
      param = param.$ref ? resolve(param.$ref) : param;
      var notes = constraints(param.schema || {});
      body.appendChild(el("tr", {}, [
        el("td", {}, [el("code", { text: param.name }), param.required ? el("span", { className: "req", title: "required", text: " *" }) : null]),
        el("td", { text: param["in"] }),
        el("td", {}, [el("span", { className: "type", text: typeLabel(param.schema || {}) }),
          notes.length ? el("span", { className: "notes", text: " — " + notes.join("; ") }) : null]),
        el("td", {}, [param.description ? rich(param.description, "span") : ""]),
      ]));
    });
    return el("section", { className: "block" }, [
      el("h4", { text: "Parameters" }),
      el("table", {}, [
        el("thead", {}, [el("tr", {}, ["Name", "In", "Type", "Description"].map(function (h) {
          return el("th", { scope: "col", text: h });
        }))]),
        body,
      ]),
    ]);
  }

  function requestBlock(op) {
    if (!op.requestBody) return null;
    var body = op.requestBody.$ref ? resolve(op.requestBody.$ref) : op.requestBody;
    return el("section", { className: "block" }, [
      el("h4", { text: "Request body" + (body.required ? " (required)" : "") }),
      body.description ? rich(body.description) : null,
      contentBlock(body.content),
    ]);
  }

  function responsesBlock(op) {
    var list = el("div", { className: "responses" });
    Object.keys(op.responses || {}).sort().forEach(function (status) {
      var raw = op.responses[status];
      var response = raw.$ref ? resolve(raw.$ref) : raw;
      var kind = status[0] === "2" ? "ok" : (status[0] === "3" ? "redirect" : "error");
      var headers = response.headers ? Object.keys(response.headers) : [];
      var item = el("details", { className: "response " + kind }, [
        el("summary", {}, [el("span", { className: "status", text: status }), " ",
          rich(response.description || "", "span"),
          raw.$ref ? el("span", { className: "notes", text: " (" + refName(raw.$ref) + ")" }) : null]),
        headers.length ? el("p", { className: "headers" }, ["Headers: "].concat(headers.map(function (name, i) {
          return el("span", {}, [i ? ", " : "", el("code", { text: name })]);
        }))) : null,
        contentBlock(response.content),
      ]);
      if (kind === "ok") item.open = true;
      list.appendChild(item);
    });
    return el("section", { className: "block" }, [el("h4", { text: "Responses" }), list]);
  }

  function operationNode(path, method, op) {
    var id = "op-" + slug(op.operationId || method + " " + path);
    var secured = (op.security !== undefined ? op.security : (spec.security || [])).length > 0;
    var node = el("details", { className: "op", id: id }, [
      el("summary", {}, [
        el("span", { className: "method " + method, text: method.toUpperCase() }),
        el("code", { className: "path", text: path }),
        el("span", { className: "summary", text: op.summary || "" }),
        el("span", { className: secured ? "badge secured" : "badge public", text: secured ? "auth" : "public",
          title: secured ? "Needs credentials" : "Public" }),
        op["x-undocumented"] ? el("span", { className: "badge undocumented", text: "undocumented" }) : null,
      ]),
      el("div", { className: "op-body" }, [
        op.description ? paragraphs(op.description) : null,
        securityBlock(op),
        parametersBlock(op.parameters || []),
        requestBlock(op),
        responsesBlock(op),
      ]),
    ]);
    node.dataset.search = [method, path, op.summary || "", (op.tags || []).join(" "), op.operationId || ""]
      .join(" ").toLowerCase();
    return node;
  }

  function groupByTag() {
    var groups = {};
    Object.keys(spec.paths || {}).sort().forEach(function (path) {
      METHODS.forEach(function (method) {
        var op = spec.paths[path][method];
        if (!op) return;
        var tag = (op.tags && op.tags[0]) || "other";
        (groups[tag] = groups[tag] || []).push([path, method, op]);
      });
    });
    return groups;
  }

  function render() {
    var info = spec.info || {};
    document.title = (info.title || "API") + " — API documentation";
    document.getElementById("title").textContent = info.title || "API";
    document.getElementById("version").textContent = "Version " + (info.version || "?") +
      " · OpenAPI " + (spec.openapi || "?") + " · ";
    var intro = document.getElementById("intro");
    intro.appendChild(paragraphs(info.description || ""));
    var main = document.getElementById("operations");
    var toc = document.getElementById("toc");
    var tocList = el("ul");
    var groups = groupByTag();
    var tagInfo = {};
    (spec.tags || []).forEach(function (tag) { tagInfo[tag.name] = tag; });
    document.getElementById("status").remove();
    var order = (spec.tags || []).map(function (tag) { return tag.name; });
    Object.keys(groups).sort(function (a, b) {
      var ia = order.indexOf(a) < 0 ? order.length : order.indexOf(a);
      var ib = order.indexOf(b) < 0 ? order.length : order.indexOf(b);
      return ia - ib || (a < b ? -1 : a > b ? 1 : 0);
    }).forEach(function (tag) {
      var headingId = "tag-" + slug(tag);
      var section = el("section", { className: "tag", "aria-labelledby": headingId }, [
        el("h2", { id: headingId, text: tag }),
        tagInfo[tag] && tagInfo[tag].description ? rich(tagInfo[tag].description) : null,
      ]);
      groups[tag].forEach(function (entry) { section.appendChild(operationNode(entry[0], entry[1], entry[2])); });
      main.appendChild(section);
      tocList.appendChild(el("li", {}, [el("a", { href: "#" + headingId, text: tag }),
        el("span", { className: "count", text: " " + groups[tag].length })]));
    });
    toc.appendChild(tocList);
    applyFilter();
    openFromHash();
  }

  function applyFilter() {
    var query = document.getElementById("filter").value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll("section.tag").forEach(function (section) {
      var visible = 0;
      section.querySelectorAll("details.op").forEach(function (op) {
        var match = !query || op.dataset.search.indexOf(query) >= 0;
        op.hidden = !match;
        if (match) visible += 1;
      });
      section.hidden = visible === 0;
      shown += visible;
    });
    document.getElementById("count").textContent = shown + " operation" + (shown === 1 ? "" : "s");
  }

  function openFromHash() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView();
    }
  }

  function fail(message) {
    var status = document.getElementById("status");
    status.textContent = "Could not load the API description: " + message;
    status.className = "error";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("filter").addEventListener("input", applyFilter);
    window.addEventListener("hashchange", openFromHash);
    fetch(document.body.dataset.specUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (document_) { spec = document_; render(); })
      .catch(function (error) { fail(error.message); });
  });
})();
