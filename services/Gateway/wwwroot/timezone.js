// Tells the server the browser's time zone (cookie "tz", read to show session times), once:
// a zone the visitor chose on a page is kept. A page shown in UTC for want of it is reloaded once.
(function () {
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  var known = document.cookie.split(';').some(function (c) { return c.trim().indexOf('tz=') === 0; });
  if (known) return;
  document.cookie = 'tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; samesite=lax' +
    (location.protocol === 'https:' ? '; secure' : '');
  var stored = document.cookie.split(';').some(function (c) { return c.trim().indexOf('tz=') === 0; });
  if (stored && document.documentElement.getAttribute('data-tz-known') === 'false') location.reload();
})();
