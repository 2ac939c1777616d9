/* 口述历史播放器：点击文字稿跳转、播放时高亮当前段落、?t= 与 #seg-N 定位（超过视频结尾时从头播放并说明）；展板打印按钮。
   没有脚本时，文字稿仍可阅读，每段的链接（?t=秒数）也能从该时刻开始播放。 */
(function () {
  "use strict";

  function initPlayer() {
    var video = document.querySelector("[data-oral-history-video]");
    if (!video) return;
    var list = document.querySelector("[data-transcript]");
    var lines = list ? Array.prototype.slice.call(list.querySelectorAll(".honors-segment")) : [];
    var current = null;

    function whenReady(callback) {
      if (video.readyState >= 1) { callback(); return; }
      video.addEventListener("loadedmetadata", callback, { once: true });
      if (video.preload === "none") video.load();
    }

    function seek(seconds, play) {
      whenReady(function () {
        video.currentTime = seconds;
        if (play) {
          var promise = video.play();
          if (promise && promise.catch) promise.catch(function () { /* 浏览器拒绝自动播放时保持暂停 */ });
        }
        highlight(seconds);
      });
    }

    function lineAt(seconds) {
      for (var i = 0; i < lines.length; i++) {
        var start = parseFloat(lines[i].dataset.start);
        var end = parseFloat(lines[i].dataset.end);
        if (seconds >= start && seconds < end) return lines[i];
      }
      return null;
    }

    function highlight(seconds) {
      var line = lineAt(seconds);
      if (line === current) return;
      if (current) {
        current.classList.remove("is-current");
        current.removeAttribute("aria-current");
      }
      current = line;
      if (!line) return;
      line.classList.add("is-current");
      line.setAttribute("aria-current", "true");
      // Scroll only the transcript box (never the page) so reading along stays calm.
      if (list.scrollHeight > list.clientHeight) {
        var top = line.offsetTop - list.offsetTop;
        if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - line.offsetHeight) {
          list.scrollTop = Math.max(0, top - list.clientHeight / 3);
        }
      }
    }

    function remember(seconds, line) {
      if (!window.history || !window.history.replaceState) return;
      var url = new URL(window.location.href);
      url.searchParams.set("t", String(seconds));
      url.hash = line ? line.id : "";
      window.history.replaceState(null, "", url.toString());
    }

    document.addEventListener("click", function (event) {
      var target = event.target.closest("[data-seek], .honors-segment");
      if (!target || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var line = target.closest(".honors-segment");
      var seconds = parseFloat(target.dataset.seek || (line && line.dataset.start));
      if (isNaN(seconds)) return;
      event.preventDefault();
      seek(seconds, true);
      remember(seconds, line);
      var box = video.getBoundingClientRect();
      if (box.bottom < 0 || box.top > window.innerHeight) video.scrollIntoView({ block: "start" });
    });

    video.addEventListener("timeupdate", function () { highlight(video.currentTime); });
    video.addEventListener("seeked", function () { highlight(video.currentTime); });

    var start = parseFloat(video.dataset.start);
    var hashLine = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    if (isNaN(start) && hashLine && hashLine.classList.contains("honors-segment")) {
      start = parseFloat(hashLine.dataset.start);
    }
    if (!isNaN(start)) {
      whenReady(function () {
        // A link past the end (the file may be shorter than recorded): start from the
        // beginning rather than show a finished video, and say so.
        if (isFinite(video.duration) && start >= video.duration) {
          var note = document.querySelector("[data-start-note]");
          if (note) {
            note.textContent = "链接中的起始时间（第 " + start + " 秒）已超过这段视频的时长（" +
              timecode(video.duration) + "），已改为从头播放。";
          }
          start = 0;
        }
        seek(start, false);
      });
    }
  }

  function timecode(seconds) {
    var whole = Math.floor(seconds);
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return (minutes < 10 ? "0" : "") + minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function initPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function init() {
    initPlayer();
    initPrint();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
