/* 门户的少量脚本：长辈版切换（记住选择）与文章朗读。没有脚本时所有功能仍可用。 */
(function () {
  "use strict";
  var COOKIE = "elder_mode";
  var ONE_YEAR = 60 * 60 * 24 * 365;

  function setElder(on) {
    document.documentElement.classList.toggle("elder", on);
    document.cookie = COOKIE + "=" + (on ? "1" : "0") + ";path=/;max-age=" + (on ? ONE_YEAR : 0) + ";samesite=lax";
    document.querySelectorAll("[data-elder-toggle]").forEach(function (toggle) {
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.setAttribute("href", toggle.getAttribute("href").replace(/on=[01]/, "on=" + (on ? "0" : "1")));
    });
  }

  function initElderToggle() {
    document.querySelectorAll("[data-elder-toggle]").forEach(function (toggle) {
      toggle.setAttribute("role", "button");
      toggle.addEventListener("click", function (event) {
        event.preventDefault();
        setElder(!document.documentElement.classList.contains("elder"));
      });
    });
  }

  function initReadAloud() {
    var article = document.querySelector("[data-read-aloud]");
    var controls = document.querySelector("[data-read-aloud-controls]");
    if (!article || !controls || !("speechSynthesis" in window)) return;
    var button = controls.querySelector("[data-read-aloud-toggle]");
    controls.hidden = false;
    function stop() {
      window.speechSynthesis.cancel();
      button.setAttribute("aria-pressed", "false");
      button.textContent = "朗读全文";
    }
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-pressed") === "true") { stop(); return; }
      var text = Array.prototype.map.call(
        article.querySelectorAll("h1, .lead, .article-body p, .article-body li, .article-body h2, .article-body h3, blockquote"),
        function (node) { return node.textContent.trim(); }
      ).join("。");
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      utterance.onend = stop;
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(utterance);
      button.setAttribute("aria-pressed", "true");
      button.textContent = "停止朗读";
    });
    window.addEventListener("pagehide", stop);
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    initElderToggle();
    initReadAloud();
  });
})();
