// A decoupled front end for one 最美 profile, read from the portal's API only.
// Query string: ?api=<API base, e.g. https://portal.example.cn/api/v3/>
//               &page=<page id>  or  &slug=<profile slug>   [&preview=<preview token>]
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var apiBase = (params.get("api") || "/api/v3/").replace(/\/?$/, "/");
  var apiOrigin = new URL(apiBase, window.location.href).origin;
  var statusLine = document.getElementById("status");

  function fail(message) {
    statusLine.textContent = message;
    statusLine.className = "status error";
  }

  function absolute(url) {
    return url ? new URL(url, apiOrigin).href : "";
  }

  function getJSON(path) {
    return fetch(new URL(path, new URL(apiBase, window.location.href)).href, {
      headers: { Accept: "application/json" },
      credentials: "omit"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          throw new Error((data && data.detail) || "接口返回错误（" + response.status + "）");
        }
        return data;
      });
    });
  }

  function findProfile() {
    if (params.get("preview")) {
      return getJSON("preview/?token=" + encodeURIComponent(params.get("preview")));
    }
    if (params.get("page")) {
      return getJSON("pages/" + encodeURIComponent(params.get("page")) + "/");
    }
    if (params.get("slug")) {
      var query = "pages/?type=honors.HonorProfilePage&slug=" + encodeURIComponent(params.get("slug"));
      return getJSON(query).then(function (list) {
        if (!list.items.length) {
          throw new Error("没有找到这位人物（" + params.get("slug") + "）。");
        }
        return getJSON("pages/" + list.items[0].id + "/");
      });
    }
    return Promise.reject(new Error("请在网址中给出 api 与 page（页面编号）或 slug。"));
  }

  function text(id, value) {
    document.getElementById(id).textContent = value || "";
  }

  function timecode(seconds) {
    var whole = Math.floor(seconds);
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function renderProfile(profile) {
    var name = profile.person_info ? profile.person_info.name : profile.title;
    text("name", name);
    text("honor", profile.honor_title_name);
    text("level", profile.level_label);
    text("year", profile.year ? profile.year + " 年度" : "");
    text("citation", profile.citation);
    document.title = name + " · " + (profile.honor_title_name || "最美人物");
    if (profile.photo_info) {
      var photo = document.getElementById("photo");
      photo.src = absolute(profile.photo_info.url);
      photo.alt = profile.photo_info.alt || name;
      photo.hidden = false;
    }
    document.getElementById("content").hidden = false;
    statusLine.textContent = "";
  }

  function renderOralHistory(oral) {
    text("oral-title", oral.title);
    var video = document.getElementById("video");
    video.src = absolute(oral.video_info.url);
    if (oral.poster_info) {
      video.poster = absolute(oral.poster_info.url);
    }
    var list = document.getElementById("transcript");
    var lines = (oral.transcript || []).map(function (segment) {
      var item = document.createElement("li");
      item.tabIndex = 0;
      item.dataset.start = segment.start;
      item.dataset.end = segment.end;
      var time = document.createElement("span");
      time.className = "time";
      time.textContent = timecode(segment.start);
      item.appendChild(time);
      if (segment.speaker) {
        var speaker = document.createElement("span");
        speaker.className = "speaker";
        speaker.textContent = segment.speaker + "：";
        item.appendChild(speaker);
      }
      item.appendChild(document.createTextNode(segment.text));
      function seek() {
        video.currentTime = segment.start;
        video.play().catch(function () {});
      }
      item.addEventListener("click", seek);
      item.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          seek();
        }
      });
      list.appendChild(item);
      return item;
    });
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime;
      lines.forEach(function (item) {
        var current = now >= Number(item.dataset.start) && now < Number(item.dataset.end);
        item.classList.toggle("current", current);
        if (current) {
          item.setAttribute("aria-current", "true");
        } else {
          item.removeAttribute("aria-current");
        }
      });
    });
    document.getElementById("oral-history").hidden = false;
  }

  findProfile()
    .then(function (profile) {
      renderProfile(profile);
      var related = profile.related_oral_histories || [];
      if (!related.length) {
        return null;
      }
      return getJSON("pages/" + related[0].id + "/").then(renderOralHistory);
    })
    .catch(function (error) {
      fail(error instanceof TypeError ? "无法连接内容接口，请检查 api 地址或跨域设置。" : error.message);
    });
})();
