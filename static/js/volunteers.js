/* 服务站：“离我最近”（点击后才请求定位）与可选地图。没有脚本时，镇街表单照样可用。 */
(function () {
  "use strict";
  var EARTH_RADIUS_KM = 6371.0088;

  function toRad(degrees) { return degrees * Math.PI / 180; }

  // Same great-circle formula as volunteers/geo.py, so both paths order stations alike.
  function haversineKm(lat1, lon1, lat2, lon2) {
    var dLat = toRad(lat2 - lat1);
    var dLon = toRad(lon2 - lon1);
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
  }

  function formatKm(km) {
    return km < 1 ? Math.round(km * 1000) + " 米" : km.toFixed(1) + " 公里";
  }

  function coordinates(item) {
    var lat = parseFloat(item.getAttribute("data-lat"));
    var lng = parseFloat(item.getAttribute("data-lng"));
    return isNaN(lat) || isNaN(lng) ? null : [lat, lng];
  }

  function sortByDistance(list, lat, lng) {
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-station]"));
    var distances = new Map();
    items.forEach(function (item) {
      var point = coordinates(item);
      var km = point ? haversineKm(lat, lng, point[0], point[1]) : Infinity;
      distances.set(item, km);
      var label = item.querySelector("[data-distance]");
      if (label) label.textContent = isFinite(km) ? "距您约 " + formatKm(km) : "暂无位置信息";
    });
    items.sort(function (a, b) { return distances.get(a) - distances.get(b); });
    items.forEach(function (item) { list.appendChild(item); });
  }

  function initNearest() {
    var box = document.querySelector("[data-nearest]");
    var list = document.querySelector("[data-station-list]");
    if (!box || !list || !("geolocation" in navigator)) return;
    var button = box.querySelector("[data-nearest-button]");
    var status = box.querySelector("[data-nearest-status]");
    box.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "正在获取您的位置……";
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          sortByDistance(list, position.coords.latitude, position.coords.longitude);
          status.textContent = "已按离您的距离由近到远排列。";
          button.disabled = false;
        },
        function () {
          status.textContent = "无法获取您的位置。请在“所在镇街”中选择您所在的镇街，再点“筛选”。";
          button.disabled = false;
          var select = document.querySelector("[data-street-select]");
          if (select) select.focus();
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
  }

  function initMap() {
    var element = document.querySelector("[data-station-map]");
    if (!element || !window.L) return;
    var map = window.L.map(element, { scrollWheelZoom: false });
    window.L.tileLayer(element.getAttribute("data-tile-url"), {
      maxZoom: 18,
      attribution: element.getAttribute("data-attribution") || ""
    }).addTo(map);
    var bounds = [];
    document.querySelectorAll("[data-station]").forEach(function (item) {
      var point = coordinates(item);
      if (!point) return;
      // Popups are built from DOM nodes so station titles are never parsed as HTML.
      var link = document.createElement("a");
      link.href = item.getAttribute("data-url");
      link.textContent = item.getAttribute("data-title");
      window.L.marker(point, { title: item.getAttribute("data-title") }).addTo(map).bindPopup(link);
      bounds.push(point);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24] });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    initNearest();
    initMap();
  });
})();
