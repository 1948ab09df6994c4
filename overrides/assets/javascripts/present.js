// The meeting-room view of a phase (/conditions/<slug>/<phase>/present/): one big question at a time,
// arrow keys to move, and a countdown for the session's current step. Everything runs in this page, offline.
document$.subscribe(function () {
  var root = document.querySelector("[data-pb-present]");
  if (!root) return;
  var questions = Array.prototype.slice.call(root.querySelectorAll("[data-pb-question]"));
  var controls = root.querySelector("[data-pb-present-controls]");
  var position = root.querySelector("[data-pb-position]");
  var current = 0;

  function show(index) {
    current = Math.max(0, Math.min(questions.length - 1, index));
    questions.forEach(function (question, i) {
      question.hidden = i !== current;
    });
    position.textContent = questions[current].getAttribute("aria-label");
    // The address names the question (#q3), so a reload or a shared link opens it; no element has that id,
    // so the browser does not scroll to it.
    var hash = "#" + questions[current].getAttribute("data-pb-question");
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  var start = questions.findIndex(function (question) {
    return "#" + question.getAttribute("data-pb-question") === location.hash;
  });
  root.classList.add("pb-present--one-at-a-time");
  controls.hidden = false;
  show(start < 0 ? 0 : start);
  root.querySelector("[data-pb-previous]").addEventListener("click", function () { show(current - 1); });
  root.querySelector("[data-pb-next]").addEventListener("click", function () { show(current + 1); });

  var timer = root.querySelector("[data-pb-timer]");
  var step = root.querySelector("[data-pb-step]");
  var clock = root.querySelector("[data-pb-clock]");
  var startButton = root.querySelector("[data-pb-start]");
  var remaining = 0;
  var ticking = null;

  function draw() {
    var minutes = Math.floor(remaining / 60);
    var seconds = remaining % 60;
    clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    clock.classList.toggle("pb-present__clock--over", remaining === 0);
  }
  function pause() {
    clearInterval(ticking);
    ticking = null;
    startButton.textContent = startButton.getAttribute("data-pb-label-start");
  }
  function toggle() {
    if (!timer) return;
    if (ticking) return pause();
    ticking = setInterval(function () {
      remaining = Math.max(0, remaining - 1);
      draw();
      if (remaining === 0) pause();
    }, 1000);
    startButton.textContent = startButton.getAttribute("data-pb-label-pause");
  }
  function reset() {
    pause();
    remaining = parseInt(step.value, 10);
    draw();
  }
  if (timer) {
    timer.hidden = false;
    reset();
    step.addEventListener("change", function () {
      reset();
      // A step about particular big questions brings up the first of them.
      var first = (step.selectedOptions[0].getAttribute("data-pb-questions") || "").split(" ")[0];
      if (first) show(parseInt(first, 10) - 1);
    });
    startButton.addEventListener("click", toggle);
    root.querySelector("[data-pb-reset]").addEventListener("click", reset);
  }

  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, select, textarea, button, .md-search")) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") { show(current + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1); event.preventDefault(); }
    else if (event.key === " " && timer) { toggle(); event.preventDefault(); }
  });
});
