/* Search on a page opened from file:// (the offline copy, `make dist`). There a browser starts no Web Worker,
   and the theme's search runs in one: this stands in for Worker with a hidden frame that runs the worker's
   script. It follows iframe-worker (MIT, (c) Martin Donath), which Material's offline plugin loads from
   unpkg.com, but writes no inline script into the frame (the Content Security Policy, overrides/partials/csp.html,
   allows none): the frame loads file-worker-frame.js first, which gives it a worker's postMessage and
   importScripts. Served over http(s), this does nothing. */
(function () {
  if (location.protocol !== "file:") return;
  var frameScript = new URL("file-worker-frame.js", document.currentScript.src).href;

  function FileWorker(url) {
    var worker = this;
    var target = new EventTarget();
    ["addEventListener", "removeEventListener", "dispatchEvent"].forEach(function (name) {
      worker[name] = target[name].bind(target);
    });
    var frame = document.createElement("iframe");
    frame.hidden = true;
    document.body.appendChild(frame);
    this.frame = frame;
    this.listener = function (event) {
      if (event.source !== frame.contentWindow) return;
      var message = new MessageEvent("message", { data: event.data });
      worker.dispatchEvent(message);
      if (worker.onmessage) worker.onmessage(message);
    };
    window.addEventListener("message", this.listener);
    var page = frame.contentWindow.document;
    page.open();
    page.write('<!doctype html><html><body><script src="' + frameScript + '"></script>' +
               '<script src="' + new URL(url, location.href).href + '"></script></body></html>');
    page.close();
    // Set once the frame's document is written: opening a document removes the window's event handlers.
    frame.contentWindow.pbWorkerFailed = function (error) {
      var event = new ErrorEvent("error", { message: String(error), error: error });
      worker.dispatchEvent(event);
      if (worker.onerror) worker.onerror(event);
    };
    this.ready = new Promise(function (resolve) { frame.contentWindow.onload = resolve; });
  }
  FileWorker.prototype.postMessage = function (data) {
    var frame = this.frame;
    this.ready.then(function () {
      frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: structuredClone(data) }));
    });
  };
  FileWorker.prototype.terminate = function () {
    window.removeEventListener("message", this.listener);
    this.frame.remove();
  };
  window.Worker = FileWorker;
  // By this name Material's search worker knows it runs in a frame, and finds its language files (lunr.es)
  // beside the first script of the frame that has a src: the worker's own, once file-worker-frame.js is gone.
  window.IFrameWorker = FileWorker;
})();
