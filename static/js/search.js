/* 搜索建议：输入时调用 /api/v3/search/suggest。没有脚本时搜索框就是普通表单。 */
(function () {
  "use strict";
  // The header box and the search page both load this file: set up once.
  if (window.portalSearchReady) return;
  window.portalSearchReady = true;

  function init(form) {
    var input = form.querySelector("[data-suggest-url]");
    var list = input && document.getElementById(input.getAttribute("aria-controls"));
    if (!input || !list || !window.fetch) return;
    var url = input.getAttribute("data-suggest-url");
    var timer = null;
    var active = -1;
    var lastQuery = "";

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function render(items) {
      list.textContent = "";
      if (!items.length) { close(); return; }
      items.forEach(function (item, index) {
        var li = document.createElement("li");
        li.id = "search-suggestion-" + index;
        li.setAttribute("role", "option");
        var link = document.createElement("a");
        link.href = item.url;
        link.tabIndex = -1;
        link.textContent = item.title;
        var type = document.createElement("span");
        type.className = "search-suggestion-type";
        type.textContent = item.type;
        link.appendChild(type);
        li.appendChild(link);
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function move(step) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      if (active >= 0) options[active].removeAttribute("aria-selected");
      active = (active + step + options.length) % options.length;
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (!query) { close(); return; }
      fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (items) { if (input.value.trim() === query) render(items); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }  // keep the typed text
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = list.querySelectorAll("[role=option] a")[active].href;
      }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-search-form]").forEach(init);
  });
})();
