/* 红色教育：口述历史片段只播放到结束时间；课堂模式用键盘或翻页笔逐步讲授；学习单打印按钮。
   没有脚本时，片段的媒体片段地址（#t=开始,结束）同样让浏览器停在结束处，课堂模式按顺序列出全部步骤。 */
(function () {
  "use strict";

  function whenReady(video, callback) {
    if (video.readyState >= 1) { callback(); return; }
    video.addEventListener("loadedmetadata", callback, { once: true });
  }

  function initClip(video) {
    var start = parseFloat(video.dataset.clipStart);
    var end = parseFloat(video.dataset.clipEnd);
    if (isNaN(start) || isNaN(end) || end <= start) return;
    var box = video.closest(".edu-material, .edu-step-clip");
    var list = box ? box.querySelector("[data-clip-transcript]") : null;
    var lines = list ? Array.prototype.slice.call(list.querySelectorAll(".edu-clip-line")) : [];
    var frame = null;
    var current = null;

    function highlight(seconds) {
      var line = null;
      for (var i = 0; i < lines.length; i++) {
        if (seconds >= parseFloat(lines[i].dataset.start) && seconds < parseFloat(lines[i].dataset.end)) line = lines[i];
      }
      if (line === current) return;
      if (current) current.classList.remove("is-current");
      current = line;
      if (!line) return;
      line.classList.add("is-current");
      // Scroll only the transcript box, never the page, so the class keeps its place.
      if (list.scrollHeight > list.clientHeight) {
        list.scrollTop = Math.max(0, line.offsetTop - list.offsetTop - list.clientHeight / 3);
      }
    }

    function stopAtEnd() {
      if (video.currentTime >= end) {
        video.pause();
        video.currentTime = end;
      }
    }

    // timeupdate fires only every quarter second; checking every frame stops on time.
    function watch() {
      stopAtEnd();
      frame = video.paused ? null : window.requestAnimationFrame(watch);
    }

    video.addEventListener("play", function () {
      if (video.currentTime >= end - 0.05 || video.currentTime < start - 0.25) video.currentTime = start;
      if (frame === null) frame = window.requestAnimationFrame(watch);
    });
    video.addEventListener("pause", function () {
      if (frame !== null) window.cancelAnimationFrame(frame);
      frame = null;
    });
    video.addEventListener("timeupdate", function () {
      stopAtEnd();
      highlight(video.currentTime);
    });
    whenReady(video, function () {
      if (video.currentTime < start || video.currentTime > end) video.currentTime = start;
    });

    video.playClip = function () {
      whenReady(video, function () {
        video.currentTime = start;
        var promise = video.play();
        if (promise && promise.catch) promise.catch(function () { /* 浏览器拒绝自动播放时保持暂停 */ });
      });
    };
  }

  function initClassroom(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
    if (!steps.length) return;
    var counter = document.querySelector("[data-step-counter]");
    var currentLabel = document.querySelector("[data-step-current]");
    var prev = document.querySelector("[data-step-prev]");
    var next = document.querySelector("[data-step-next]");
    var fullscreen = document.querySelector("[data-fullscreen]");
    var help = document.querySelector("[data-classroom-help]");
    var index = 0;
    document.documentElement.classList.add("js-classroom");
    [counter, prev, next, help].forEach(function (node) { if (node) node.hidden = false; });

    function show(target, playClip) {
      index = Math.max(0, Math.min(steps.length - 1, target));
      steps.forEach(function (step, i) {
        step.classList.toggle("is-current", i === index);
        if (i !== index) step.querySelectorAll("video").forEach(function (video) { video.pause(); });
      });
      currentLabel.textContent = String(index + 1);
      prev.disabled = index === 0;
      next.disabled = index === steps.length - 1;
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + steps[index].id);
      }
      var clip = steps[index].querySelector("video[data-clip]");
      if (clip && playClip && clip.playClip) clip.playClip();
    }

    var NEXT = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, Spacebar: 1 };
    var PREVIOUS = { ArrowLeft: 1, ArrowUp: 1, PageUp: 1 };
    // Capture phase: a clicker's keys turn the page even when a video or button has focus.
    window.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var key = event.key;
      var target = index;
      if (key === " " && event.shiftKey) target = index - 1;
      else if (NEXT[key]) target = index + 1;
      else if (PREVIOUS[key]) target = index - 1;
      else if (key === "Home") target = 0;
      else if (key === "End") target = steps.length - 1;
      else return;
      event.preventDefault();
      event.stopPropagation();
      if (target !== index) show(target, true);
    }, true);
    prev.addEventListener("click", function () { show(index - 1, true); });
    next.addEventListener("click", function () { show(index + 1, true); });

    if (fullscreen && document.fullscreenEnabled) {
      fullscreen.hidden = false;
      fullscreen.addEventListener("click", function () {
        if (document.fullscreenElement) document.exitFullscreen();
        else document.documentElement.requestFullscreen();
      });
      document.addEventListener("fullscreenchange", function () {
        fullscreen.textContent = document.fullscreenElement ? "退出全屏" : "全屏";
      });
    }

    var hash = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    show(hash && steps.indexOf(hash) >= 0 ? steps.indexOf(hash) : 0, false);
  }

  function initPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function init() {
    document.querySelectorAll("video[data-clip]").forEach(initClip);
    var classroom = document.querySelector("[data-classroom]");
    if (classroom) initClassroom(classroom);
    initPrint();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
