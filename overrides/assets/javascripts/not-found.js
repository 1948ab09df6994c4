/* On the source language's "page not found" (overrides/404.html). GitHub Pages answers every missing address
   with the site's root 404.html, whatever the language: a reader who asked for an address inside another
   language's folder (/playbook/es/...) is sent to that language's page, which speaks their language and
   searches their language's pages. The script tag names the site's path and the other languages' folders. */
(function () {
  var script = document.currentScript;
  var base = script.dataset.base;
  var languages = script.dataset.languages.split(" ");
  var path = location.pathname;
  if (path.indexOf(base) !== 0) return;
  var folder = path.slice(base.length).split("/")[0];
  if (languages.indexOf(folder) !== -1) location.replace(base + folder + "/404.html");
})();
