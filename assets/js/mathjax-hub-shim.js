// ipywidgets 8 typesets widget labels with the MathJax 2 call MathJax.Hub.Queue;
// the book loads MathJax 3, which has no Hub. This keeps a Hub.Queue on whatever
// object window.MathJax holds (MathJax 3 replaces its config object when it
// loads) and routes it to MathJax 3's typesetPromise.
(function () {
  var current = window.MathJax;
  function queue(job) {
    var mj = window.MathJax, el = job && job[2];
    if (el && mj && typeof mj.typesetPromise === "function") {
      mj.typesetPromise([el]).catch(function () {});
    }
  }
  function withHub(mj) {
    if (mj && typeof mj === "object" && !mj.Hub) {
      Object.defineProperty(mj, "Hub", { value: { Queue: queue }, enumerable: false });
    }
    return mj;
  }
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); },
  });
  withHub(current);
})();
