/* 网上祭扫：点击献花等按钮时改用接口提交（不带 Cookie），计数立即更新；无脚本时表单照常提交。 */
(function () {
  "use strict";

  function setCounts(scope, counts) {
    var box = document.querySelector('[data-tribute-counts="' + scope + '"]');
    if (!box || !counts) return;
    counts.kinds.forEach(function (item) {
      var node = box.querySelector('[data-count="' + item.kind + '"]');
      if (node) node.textContent = String(item.count);
    });
    var total = box.querySelector('[data-count="total"]');
    if (total) total.textContent = String(counts.total);
  }

  function bump(scope, kind) {
    var box = document.querySelector('[data-tribute-counts="' + scope + '"]');
    if (!box) return;
    [kind, "total"].forEach(function (key) {
      var node = box.querySelector('[data-count="' + key + '"]');
      if (node) node.textContent = String((parseInt(node.textContent, 10) || 0) + 1);
    });
  }

  function say(status, text, isError) {
    status.hidden = false;
    status.textContent = text; /* 访客内容一律按纯文本插入 */
    status.classList.toggle("memorial-notice-error", !!isError);
  }

  function init(form) {
    var status = document.querySelector("[data-tribute-status]");
    var martyr = parseInt(form.getAttribute("data-martyr"), 10);
    var api = form.getAttribute("data-api");
    if (!status || !api || !window.fetch) return;
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || button.name !== "kind") return;
      event.preventDefault();
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      var payload = {
        martyr: martyr,
        kind: button.value,
        nickname: form.elements.nickname ? form.elements.nickname.value : "",
        message: form.elements.message ? form.elements.message.value : "",
        website: form.elements.website ? form.elements.website.value : ""
      };
      fetch(api, {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(payload)
      }).then(function (response) {
        return response.json().then(
          function (data) { return { ok: response.ok, status: response.status, data: data || {} }; },
          /* 不是 JSON：代理服务器或网关的错误页 */
          function () { return { ok: false, status: response.status, data: {} }; }
        );
      }).then(function (result) {
        if (result.ok) {
          setCounts("martyr", result.data.counts);
          bump("campaign", result.data.kind);
          if (form.elements.message) form.elements.message.value = "";
          say(status, result.data.notice, false);
          return;
        }
        var text = result.data.detail || "祭扫暂时没有成功，本次没有记录。";
        if (result.status >= 500 || result.status === 429) {
          if (result.status >= 500 && !result.data.detail) text += "请稍等片刻后再试。";
          if (payload.message) {
            /* 留言仍在输入框里：展开让访客看到，稍后原样再提交 */
            var details = form.querySelector("details");
            if (details) details.open = true;
            text += "您填写的留言已保留在下方，稍后再点一次祭扫按钮即可。";
          }
        }
        say(status, text, true);
      }).catch(function () {
        /* 网络异常时退回普通表单提交，保证祭扫不丢失 */
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "kind";
        hidden.value = payload.kind;
        form.appendChild(hidden);
        form.submit();
      }).then(function () {
        button.removeAttribute("aria-busy");
      });
    });
  }

  /* 首页、纪念馆页和英烈页可能来自页面缓存：载入后从接口取最新计数 */
  function refresh(box) {
    fetch(box.getAttribute("data-refresh"), { credentials: "omit", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) setCounts(box.getAttribute("data-tribute-counts"), data.counts || data);
      })
      .catch(function () { /* 保留页面上的数字 */ });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    document.querySelectorAll("[data-tribute-form]").forEach(init);
    if (window.fetch) document.querySelectorAll("[data-refresh]").forEach(refresh);
  });
})();
