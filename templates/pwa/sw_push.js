// Web Push (core/notifications): show the message the server sent (title, body, url, tag) and open its page on
// a tap, focusing an open window of the site when there is one.
self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data ? event.data.text() : "" }; }
  const title = data.title || "Sổ tay đảng viên";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "", tag: data.tag || undefined, data: { url: data.url || "/thong-bao/" },
    icon: "/static/icons/icon-192.png", badge: "/static/icons/icon-192.png",
  }));
});
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/thong-bao/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    for (const w of windows) {
      if (new URL(w.url).origin === target.origin && "focus" in w) { w.navigate(target.href); return w.focus(); }
    }
    return self.clients.openWindow(target.href);
  }));
});
