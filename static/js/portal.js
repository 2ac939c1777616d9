/* 门户的少量脚本：长辈版切换（记住选择）与朗读全文。没有脚本时所有功能仍可用。 */
(function () {
  "use strict";
  var COOKIE = "elder_mode";
  var ONE_YEAR = 60 * 60 * 24 * 365;

  function setElder(on) {
    document.documentElement.classList.toggle("elder", on);
    document.cookie = COOKIE + "=" + (on ? "1" : "0") + ";path=/;max-age=" + (on ? ONE_YEAR : 0) + ";samesite=lax";
    document.querySelectorAll("[data-elder-toggle]").forEach(function (form) {
      form.querySelector("[aria-pressed]").setAttribute("aria-pressed", on ? "true" : "false");
      form.elements.on.value = on ? "0" : "1";
    });
  }

  function initElderToggle() {
    document.querySelectorAll("[data-elder-toggle]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        setElder(!document.documentElement.classList.contains("elder"));
      });
    });
  }

  /* 先读标题（h1），再读模板用 data-read 标出的内容，每段只读一次（嵌套在另一段里的不再重复）。
     定义列表读作“项目：内容”；含多个段落的正文逐段朗读，段与段之间自然停顿。 */
  var PARTS = "p, li, h2, h3, h4, footer";

  function clean(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function readableTexts(node) {
    if (node.tagName === "DL") {
      return Array.prototype.map.call(node.querySelectorAll("dt"), function (term) {
        var detail = term.nextElementSibling;
        return clean(term.textContent) + "：" + (detail ? clean(detail.textContent) : "");
      });
    }
    var parts = Array.prototype.filter.call(node.querySelectorAll(PARTS), function (part) {
      return !part.querySelector(PARTS);
    });
    if (!parts.length) return [clean(node.textContent)];
    return parts.map(function (part) { return clean(part.textContent); });
  }

  function passages(article) {
    var heading = article.querySelector("h1");
    var texts = heading ? [clean(heading.textContent)] : [];
    Array.prototype.forEach.call(article.querySelectorAll("[data-read]"), function (node) {
      if (node.parentElement.closest("[data-read]") || node.closest("[hidden]")) return;
      texts = texts.concat(readableTexts(node));
    });
    return texts.filter(Boolean);
  }

  function chineseVoice(voices) {
    for (var i = 0; i < voices.length; i++) {
      if (/^(zh|cmn)([-_]|$)/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }

  /* 语音列表可能稍后才载入：最多等一秒。 */
  function withVoices(synth, callback) {
    var voices = synth.getVoices();
    if (voices.length) { callback(voices); return; }
    var done = false;
    function finish() {
      if (done) return;
      done = true;
      synth.removeEventListener("voiceschanged", finish);
      callback(synth.getVoices());
    }
    synth.addEventListener("voiceschanged", finish);
    window.setTimeout(finish, 1000);
  }

  function initReadAloud() {
    var article = document.querySelector("[data-read-aloud]");
    var controls = document.querySelector("[data-read-aloud-controls]");
    if (!article || !controls) return;
    var button = controls.querySelector("[data-read-aloud-toggle]");
    var status = controls.querySelector("[data-read-aloud-status]");
    var synth = window.speechSynthesis;
    controls.hidden = false;

    var reading = false;
    var runs = 0;
    function say(text) {
      status.textContent = text;
    }
    /* 按钮的名称就是它要做的事（朗读全文 / 停止朗读），不再另加 aria-pressed。 */
    function reset() {
      reading = false;
      button.textContent = "朗读全文";
    }
    function stop() {
      runs++;
      if (synth) synth.cancel();
      reset();
    }
    function unavailable(text) {
      stop();
      say(text);
    }

    button.addEventListener("click", function () {
      if (reading) { stop(); return; }
      say("");
      if (!synth || !window.SpeechSynthesisUtterance) {
        unavailable("您的浏览器不支持朗读。可以使用手机或电脑自带的读屏功能收听本页。");
        return;
      }
      reading = true;
      button.textContent = "停止朗读";
      withVoices(synth, function (voices) {
        if (!reading) return;
        var voice = chineseVoice(voices);
        if (!voice) {
          unavailable("您的设备没有安装中文语音，暂时无法朗读。请在系统设置中添加“中文（普通话）”语音后再试，或使用手机自带的读屏功能。");
          return;
        }
        var texts = passages(article);
        var run = ++runs;
        synth.cancel();
        texts.forEach(function (text, index) {
          var utterance = new SpeechSynthesisUtterance(text);
          utterance.voice = voice;
          utterance.lang = voice.lang;
          utterance.rate = 0.9;
          utterance.onerror = function (event) {
            if (run !== runs || event.error === "interrupted" || event.error === "canceled") return;
            unavailable("朗读中断了，请稍后再试。");
          };
          if (index === texts.length - 1) {
            utterance.onend = function () { if (run === runs) reset(); };
          }
          synth.speak(utterance);
        });
      });
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
