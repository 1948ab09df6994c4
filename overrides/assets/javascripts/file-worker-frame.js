/* Runs first in the hidden frame of file-worker.js, before the worker's script: a worker's postMessage (to
   the page) and importScripts (here loading one script after another, and resolving when all have run). */
window.postMessage = function (data) { parent.postMessage(data, "*"); };
window.importScripts = function () {
  return Array.prototype.reduce.call(arguments, function (loaded, url) {
    return loaded.then(function () {
      return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = reject;
        document.body.appendChild(script);
      });
    });
  }, Promise.resolve());
};
window.addEventListener("error", function (event) { window.pbWorkerFailed(event.error || event.message); });
