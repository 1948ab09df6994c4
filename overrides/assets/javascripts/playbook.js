// Remembers ticked tasks in this browser only (localStorage): nothing leaves the reader's machine.
document$.subscribe(function () {
  var boxes = document.querySelectorAll("input[data-pb-remember]");
  boxes.forEach(function (box) {
    var key = "playbook:" + location.pathname + "#" + box.id;
    try {
      box.checked = localStorage.getItem(key) === "1";
    } catch (error) {
      return;
    }
    box.addEventListener("change", function () {
      try {
        if (box.checked) localStorage.setItem(key, "1");
        else localStorage.removeItem(key);
      } catch (error) {
        /* storage disabled: the tick simply is not remembered */
      }
    });
  });
});

// A worksheet is never sent anywhere: Enter in one of its boxes must not submit the form (the page's Content
// Security Policy refuses every form submission anyway, form-action 'none').
document.addEventListener("submit", function (event) {
  if (event.target.closest("form.pb-worksheet")) event.preventDefault();
});
