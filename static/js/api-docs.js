// 接口文档页：Swagger UI 全部从本站加载，配置写在页面的 data- 属性里（不用内联脚本）。
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
    presets: [window.SwaggerUIBundle.presets.apis],
    // Keep the docs page from asking an outside validator about the schema.
    validatorUrl: null,
  });
})();
