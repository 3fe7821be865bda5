// Renders the book's explorers on the static site, with no kernel and no widget library.
//
// A page built from an executed notebook stores its widgets as JSON: the models in one
// <script type="application/vnd.jupyter.widget-state+json">, and one
// <script type="application/vnd.jupyter.widget-view+json"> where each output showed one.
// dlcore.widgets.explorer builds its widgets from a handful of models (boxes, HTML, a
// selection slider, a stack or tab of images, and jslink links between them), so this file
// renders exactly those, in under 200 lines instead of the 1.9 MB ipywidgets HTML manager.
// A model it does not know is shown as a visible notice and reported on the console, which
// the browser tests treat as a failure.
(function () {
  "use strict";

  var SUPPORTED = ["VBoxModel", "HBoxModel", "BoxModel", "HTMLModel", "LabelModel", "SelectionSliderModel",
                   "StackModel", "TabModel", "ImageModel", "LinkModel", "LayoutModel", "SliderStyleModel",
                   "HTMLStyleModel", "LabelStyleModel", "DescriptionStyleModel"];

  function modelId(ref) { return typeof ref === "string" ? ref.replace(/^IPY_MODEL_/, "") : ref; }

  function Model(id, spec) {
    this.id = id;
    this.name = spec.model_name;
    this.state = spec.state || {};
    this.listeners = {};
    var buffers = spec.buffers || [];
    for (var i = 0; i < buffers.length; i++) {  // binary fields, stored base64 in the page
      if (buffers[i].path.length === 1 && buffers[i].encoding === "base64") {
        this.state[buffers[i].path[0]] = { base64: buffers[i].data };
      }
    }
  }
  Model.prototype.get = function (key) { return this.state[key]; };
  Model.prototype.set = function (key, value) {
    if (this.state[key] === value) return;
    this.state[key] = value;
    (this.listeners[key] || []).forEach(function (f) { f(value); });
  };
  Model.prototype.on = function (key, f) { (this.listeners[key] = this.listeners[key] || []).push(f); };

  function el(tag, className, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  function applyLayout(node, models, model) {
    var layout = models[modelId(model.get("layout"))];
    if (!layout) return;
    ["width", "height", "margin", "padding"].forEach(function (key) {
      var value = layout.get(key);
      if (value) node.style[key] = value;
    });
  }

  var render = {
    VBoxModel: function (m, models) { return box(m, models, "dlc-vbox"); },
    BoxModel: function (m, models) { return box(m, models, "dlc-vbox"); },
    HBoxModel: function (m, models) { return box(m, models, "dlc-hbox"); },
    HTMLModel: function (m) {
      var node = el("div", "dlc-html mathjax_process");
      node.innerHTML = m.get("value") || "";
      return node;
    },
    LabelModel: function (m) {
      var node = el("div", "dlc-html");
      node.textContent = m.get("value") || "";
      return node;
    },
    SelectionSliderModel: function (m) {
      var labels = m.get("_options_labels") || [];
      var node = el("div", "dlc-slider");
      var input = el("input", "", node);
      var readout = el("output", "dlc-readout", node);
      input.type = "range";
      input.min = 0;
      input.max = Math.max(labels.length - 1, 0);
      input.step = 1;
      input.setAttribute("aria-valuetext", "");
      function show(index) {
        input.value = index;
        readout.textContent = labels[index] === undefined ? "" : labels[index];
        input.setAttribute("aria-valuetext", readout.textContent);
      }
      input.addEventListener("input", function () { m.set("index", Number(input.value)); });
      m.on("index", show);
      show(m.get("index") || 0);
      return node;
    },
    StackModel: function (m, models) { return stack(m, models); },
    TabModel: function (m, models) { return stack(m, models); },  // ipywidgets 7's stand-in for a Stack
    ImageModel: function (m) {
      var img = el("img", "dlc-image");
      var value = m.get("value");
      var format = m.get("format") || "png";
      var type = format === "svg" ? "svg+xml" : format;
      if (value && value.base64) img.src = "data:image/" + type + ";base64," + value.base64;
      if (m.get("width")) img.width = parseInt(m.get("width"), 10);
      img.alt = "";  // the explorer's caption and the prose around it describe the figure
      return img;
    },
  };

  function box(m, models, className) {
    var node = el("div", className + " " + (m.get("_dom_classes") || []).join(" "));
    (m.get("children") || []).forEach(function (ref) {
      node.appendChild(view(models[modelId(ref)], models));
    });
    return node;
  }

  function stack(m, models) {
    var node = el("div", "dlc-stack");
    var children = (m.get("children") || []).map(function (ref) {
      var child = view(models[modelId(ref)], models);
      node.appendChild(child);
      return child;
    });
    function show(index) {
      children.forEach(function (child, i) { child.style.display = i === index ? "" : "none"; });
    }
    m.on("selected_index", show);
    show(m.get("selected_index") || 0);
    return node;
  }

  function view(m, models) {
    if (!m || !render[m.name]) {
      var name = m ? m.name : "a missing model";
      console.error("explorer-view.js cannot render " + name + " without a kernel");
      var notice = el("div", "dlc-unsupported");
      notice.textContent = "This widget (" + name + ") needs a running kernel: open the notebook in Jupyter or Colab.";
      return notice;
    }
    var node = render[m.name](m, models);
    node.classList.add("dlc-widget");
    applyLayout(node, models, m);
    return node;
  }

  function link(m, models) {  // jslink: keep two attributes equal, both ways
    var source = m.get("source"), target = m.get("target");
    var a = models[modelId(source[0])], b = models[modelId(target[0])];
    if (!a || !b) return;
    b.set(target[1], a.get(source[1]));
    a.on(source[1], function (v) { b.set(target[1], v); });
    b.on(target[1], function (v) { a.set(source[1], v); });
  }

  var STYLE = [
    ".dlc-vbox { display: flex; flex-direction: column; gap: 4px; margin: 0.5em 0; }",
    ".dlc-hbox { display: flex; align-items: center; gap: 8px; }",
    ".dlc-slider { display: flex; align-items: center; gap: 10px; }",
    ".dlc-slider input { flex: 1; min-width: 120px; accent-color: #1f77b4; cursor: pointer; }",
    ".dlc-readout { min-width: 4.5em; font-family: var(--pst-font-family-monospace, monospace); }",
    ".dlc-image { max-width: 100%; height: auto; display: block; }",
    ".dlc-unsupported { border: 1px solid #c53030; color: #742a2a; background: #fff5f5; padding: 4px 8px; }",
  ].join("\n");

  function start() {
    el("style", "", document.head).textContent = STYLE;
    var stateTag = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
    if (!stateTag) return;
    var specs = JSON.parse(stateTag.textContent).state, models = {};
    Object.keys(specs).forEach(function (id) {
      models[id] = new Model(id, specs[id]);
      if (SUPPORTED.indexOf(models[id].name) < 0) {
        console.error("explorer-view.js: unsupported widget model " + models[id].name);
      }
    });
    Object.keys(models).forEach(function (id) { if (models[id].name === "LinkModel") link(models[id], models); });
    var roots = [];
    document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').forEach(function (tag) {
      var root = el("div", "dlc-root jupyter-widgets");
      root.appendChild(view(models[modelId(JSON.parse(tag.textContent).model_id)], models));
      tag.parentNode.insertBefore(root, tag.nextSibling);
      roots.push(root);
    });
    var mj = window.MathJax;  // typeset any math in labels once MathJax has started
    if (mj && mj.startup && mj.startup.promise) {
      mj.startup.promise.then(function () { return mj.typesetPromise(roots); }).catch(function () {});
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
