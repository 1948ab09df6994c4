/* Runs first in the hidden frame of file-worker.js, before the worker's script: it takes its own tag out of
   the frame, leaving the worker's script the first with a src (see IFrameWorker there), and gives the frame a
   worker's postMessage (to the page) and importScripts (loading one script after another; resolves when all
   have run). */
document.currentScript.remove();
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
