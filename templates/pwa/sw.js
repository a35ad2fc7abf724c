// Sổ tay service worker (ADR 0033): installable app, pages the member opened kept for reading offline, and an
// offline page otherwise. Rendered per signed-in member: the page cache is named after the tenant and the member,
// so the next member on a shared phone installs a worker that deletes it (the page script deletes it too, and at
// sign-out). Pages are fetched from the network first; the saved copy is used only when the network fails.
const STATIC = "sotay-static-v2";
const PAGES = "{{ pages_cache }}";  // "" when nobody is signed in: nothing is kept
const OFFLINE_URL = "/ngoai-tuyen/";
const KEEP = [
  /^\/$/, /^\/sinh-hoat\/$/, /^\/sinh-hoat\/sap-toi\/\d+\/$/, /^\/sinh-hoat\/da-hop\/(\d+\/)?$/,
  /^\/sinh-hoat\/tai-lieu\/\d+\/$/, /^\/sinh-hoat\/nhiem-vu\/$/, /^\/dang-vien\/cua-toi\/$/,
  /^\/dang-vien\/chi-bo-cua-toi\/$/, /^\/van-ban\/(da-luu\/)?$/, /^\/van-ban\/\d+\/$/, /^\/van-ban\/\d+\/tep\/\d+\/$/,
  /^\/tin-tuc\/$/, /^\/thong-bao\/$/,
];
const kept = (url) => url.origin === self.location.origin && KEEP.some((re) => re.test(url.pathname));
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC).then((cache) => cache.addAll([OFFLINE_URL])));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => {
  const mine = [STATIC, PAGES];
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith("sotay-") && !mine.includes(k)).map((k) => caches.delete(k)))));
  self.clients.claim();
});
function keep(request, response) {
  if (!PAGES || !response.ok || response.redirected || response.type !== "basic") return;
  if ((response.headers.get("Cache-Control") || "").includes("no-store")) return;
  const copy = response.clone();
  caches.open(PAGES).then((cache) => cache.put(request, copy));
}
function saved(request) {
  const fallback = () => caches.match(OFFLINE_URL, { cacheName: STATIC });
  if (!PAGES) return fallback();
  return caches.open(PAGES).then((cache) => cache.match(request, { ignoreSearch: false })).then((hit) => hit || fallback());
}
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then((response) => { if (kept(url)) keep(request, response); return response; }).catch(() => saved(request)));
  } else if (url.origin === self.location.origin && url.pathname.startsWith("/static/")) {
    event.respondWith(caches.open(STATIC).then((cache) => cache.match(request).then((hit) => {
      const fresh = fetch(request).then((response) => { if (response.ok) cache.put(request, response.clone()); return response; });
      fresh.catch(() => null);
      return hit || fresh;
    })));
  }
});
{% include "pwa/sw_push.js" %}
