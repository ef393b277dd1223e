/* fedxl intake pages: small and optional. Without it the pages still work (plain forms). */
(function () {
  "use strict";
  var form = document.getElementById("send-form");
  if (form) {
    var drop = document.getElementById("drop");
    var input = document.getElementById("file");
    var button = document.getElementById("send");
    if (drop && input && window.DataTransfer) {
      ["dragenter", "dragover"].forEach(function (name) {
        drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
      });
      ["dragleave", "drop"].forEach(function (name) {
        drop.addEventListener(name, function () { drop.classList.remove("over"); });
      });
      drop.addEventListener("drop", function (e) {
        e.preventDefault();
        if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; }
      });
    }
    form.addEventListener("submit", function () {
      if (button) { button.disabled = true; button.textContent = button.getAttribute("data-busy"); }
    });
  }
  var board = document.getElementById("board");
  var REFRESH = 20000;  /* the page says "every 20 seconds" */
  if (board && window.fetch) {
    var timer = setInterval(function () {
      var month = board.getAttribute("data-month");
      fetch("/admin/board?month=" + encodeURIComponent(month), { credentials: "same-origin" })
        .then(function (r) {
          if (r.status === 401) {  /* logged out or the server restarted: say so, stop pretending */
            var note = document.createElement("p");
            note.className = "notice bad";
            note.id = "session-over";
            note.textContent = board.getAttribute("data-over");
            board.parentNode.insertBefore(note, board);
            clearInterval(timer);
            return null;
          }
          return r.ok ? r.text() : null;
        })
        .then(function (html) {
          if (!html) { return; }
          var box = document.createElement("div");
          box.innerHTML = html;
          var fresh = box.querySelector("#board");
          if (fresh) { board.replaceWith(fresh); board = fresh; }
        })
        .catch(function () {});
    }, REFRESH);
  }
})();
