// @ts-check
/* coffeechat: never leave a participant on a blank spinner.
 *
 * Inlined into <head> by index.html.j2, so it runs before Voila streams the notebook.
 * - Watchdog: Voila sometimes never reveals #rendered_cells under load. If the page is not shown
 *   WATCHDOG_MS after it started, the loading screen gives way to a bilingual message and a reload button.
 * - A page that is shown without its app: the notebook says which element its app is
 *   (<body data-cc-expect=".cc-app">). If the page is revealed and the app's cell has no output at all
 *   (the output was lost on the way), the page reloads itself (a fresh kernel, nothing typed is lost:
 *   answers are saved on every change); at most three times in five minutes per tab, never in a loop. When
 *   it may not reload again, or the app's widgets do not appear within APP_MS, the bilingual "empty" message
 *   with a reload button is shown instead of a blank page (and goes again if the app still appears). The same
 *   when the widget manager shows "Error displaying widget" instead of the app. On a crowded machine that
 *   is jupyter-widgets/ipywidgets#4026: the output asks for its model while the widget states are still on
 *   their way, `get_model` polls for 2 s and gives up without a last look, although the states arrived
 *   during its last wait (seen in the room test, twice in a row in one tab); a fresh page gets them.
 * - Lost kernel: watches the kernel's websocket. A status "dead" / "restarting" from the server, or a
 *   socket that stays closed for LOST_GRACE_MS, shows the same kind of message.
 * - A page too slow to connect: on a crowded machine a page can open its kernel's websocket later than the
 *   server waits for it (serve's connect timeout); the server has shut that kernel down and refuses the
 *   front end's first look at it (GET /api/kernels/<id>) or its socket. When the server says the kernel is
 *   not there for this page (403/404) before the page ever reached it, the page reloads itself (a new
 *   kernel; nothing can have been typed yet).
 * - Errors after the page is shown: a traceback that lands in an output (hidden by the CSS) shows a
 *   friendly banner instead.
 * - Leaving the page (reload, close): changes that ipywidgets still holds back (it sends one change per
 *   widget at a time and buffers the rest until the kernel answers) are sent at once, so the last
 *   keystrokes reach the kernel before the page goes. This listener is added before Voila's own, which
 *   then closes the connection.
 * - Kernel shutdown on leaving: Voila's page posts its shutdown request with the `_xsrf` cookie, which
 *   the server never sets (voila-dashboards/voila#1458), so the request was refused and every reload
 *   left a kernel running until culled. A random token in that cookie (the usual double-submit check:
 *   another site can neither read nor set it) lets the request through.
 * State for tests: window.coffeechat.state, and <html data-cc-trouble="slow|lost|error">.
 */
(function () {
  "use strict";
  var WATCHDOG_MS = 40000;
  var LOST_GRACE_MS = 20000;
  var EMPTY_GRACE_MS = 3000; /* after the reveal, until a page without any output counts as empty */
  var APP_MS = 60000; /* after the reveal, until an app whose widgets do not render counts as empty */
  var SELF_RELOAD_KEY = "coffeechat.selfReloads"; /* when this tab reloaded itself (sessionStorage) */
  var SELF_RELOADS_MAX = 3;
  var SELF_RELOAD_WINDOW_MS = 300000;
  var RANK = { error: 1, slow: 2, empty: 3, lost: 4 };
  var scope = /** @type {any} */ (window); /* window.coffeechat, window.jupyterapp: the page's own */
  /** @type {any} the page's own object: state, trouble(), clearTrouble(), revealed() */
  var cc = (scope.coffeechat = scope.coffeechat || {});
  var state = (cc.state = {
    started: Date.now(),
    revealed: false,
    unloading: false,
    trouble: null,
    selfReload: false,
    openSockets: 0,
    reachedKernel: false /* a socket to the kernel opened once: a later refusal is a lost kernel */
  });
  var lostTimer = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function isRevealed() {
    var cells = byId("rendered_cells");
    return !!cells && cells.style.display !== "none";
  }

  function showOnly(container, kind) {
    var sections = container.querySelectorAll("[data-cc-msg]");
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = sections[i].getAttribute("data-cc-msg") !== kind;
    }
  }

  cc.trouble = function (kind) {
    if (state.unloading || !RANK[kind]) return;
    if (state.trouble && RANK[state.trouble] > RANK[kind]) return; /* keep the more serious message */
    state.trouble = kind;
    document.documentElement.setAttribute("data-cc-trouble", kind);
    var card = byId("cc-trouble");
    var banner = byId("cc-banner");
    if (isRevealed()) {
      if (card) card.hidden = true;
      if (banner) {
        showOnly(banner, kind);
        banner.hidden = false;
      }
    } else {
      var loading = byId("loading");
      if (loading) loading.hidden = true;
      if (card) {
        showOnly(card, kind);
        card.hidden = false;
      }
    }
  };

  cc.clearTrouble = function () {
    state.trouble = null;
    document.documentElement.removeAttribute("data-cc-trouble");
    var card = byId("cc-trouble");
    var banner = byId("cc-banner");
    if (card) card.hidden = true;
    if (banner) banner.hidden = true;
  };

  /* called by display_cells (index.html.j2) once Voila shows the page */
  cc.revealed = function () {
    state.revealed = true;
    if (state.trouble === "slow") {
      cc.clearTrouble();
    } else if (state.trouble) {
      cc.trouble(state.trouble); /* move the message from the card to the banner */
    }
    watchErrors(byId("rendered_cells"));
    var expected = document.body && document.body.getAttribute("data-cc-expect");
    if (expected) watchApp(expected);
  };

  /* ---- a page shown without its app ---- */
  function appShown(selector) {
    return !!document.querySelector(selector);
  }

  /* the page's HTML carries each cell's output as a script element, which Voila's front end turns into an
     output area, sometimes seconds after the reveal on a busy machine: either one means the output came */
  function anyOutput() {
    return !!document.querySelector(
      '#rendered_cells script[type="application/vnd.voila.cell-output+json"], #rendered_cells .jp-OutputArea-output'
    );
  }

  /* the widget manager gave up on the app's widget ("Error displaying widget", e.g. when the page loaded the
     kernel's widgets while the kernel replaced some of them, seen with a room reloading at once): final */
  function widgetFailed() {
    var shown = document.querySelectorAll("#rendered_cells .jupyter-widgets");
    for (var i = 0; i < shown.length; i++) {
      if (/^Error displaying widget/.test(shown[i].textContent || "")) return true;
    }
    return false;
  }

  /* true when the page reloads itself: at most SELF_RELOADS_MAX times in SELF_RELOAD_WINDOW_MS per tab (on a
     crowded machine the same upstream race can strike the page loaded next, as in the room test's CI run),
     never in a loop */
  function reloadAgain() {
    var recent = [];
    var now = Date.now();
    try {
      recent = JSON.parse(window.sessionStorage.getItem(SELF_RELOAD_KEY) || "[]");
      if (!Array.isArray(recent)) recent = [];
      recent = recent.filter(function (at) {
        return typeof at === "number" && now - at >= 0 && now - at < SELF_RELOAD_WINDOW_MS;
      });
      if (recent.length >= SELF_RELOADS_MAX) return false;
      recent.push(now);
      window.sessionStorage.setItem(SELF_RELOAD_KEY, JSON.stringify(recent));
    } catch (e) {
      return false; /* no storage: never risk a reload loop */
    }
    state.selfReload = true;
    window.location.reload();
    return true;
  }

  function watchApp(selector) {
    var revealedAt = Date.now();
    var timer = null;
    var appeared = null;
    /* the app is there: stop watching, and a message shown while it was slow goes */
    function arrived() {
      if (!appShown(selector)) return false;
      window.clearInterval(timer);
      if (appeared) appeared.disconnect();
      if (state.trouble === "empty") cc.clearTrouble();
      return true;
    }
    /* at once, not at the next tick of the timer below (a crowded machine delays timers by seconds; the room
       test saw the banner over a working app) */
    var cells = byId("rendered_cells");
    if (cells && window.MutationObserver) {
      appeared = new window.MutationObserver(arrived);
      appeared.observe(cells, { childList: true, subtree: true });
    }
    timer = window.setInterval(function () {
      if (state.unloading || arrived()) return;
      var waited = Date.now() - revealedAt;
      if (widgetFailed() || (!anyOutput() && waited >= EMPTY_GRACE_MS)) {
        window.clearInterval(timer);
        if (!reloadAgain()) cc.trouble("empty");
      } else if (waited >= APP_MS && state.trouble !== "empty") {
        cc.trouble("empty"); /* keep watching: if the app still comes, the banner goes */
      }
    }, 500);
  }

  /* ---- watchdog ---- */
  window.setTimeout(function () {
    if (!isRevealed()) cc.trouble("slow");
  }, WATCHDOG_MS);

  /* ---- reload / dismiss buttons (also those in server-rendered error cards) ---- */
  document.addEventListener("click", function (event) {
    var target = /** @type {Element | null} */ (event.target);
    if (!target || !target.closest) return;
    if (target.closest("[data-cc-reload]")) {
      event.preventDefault();
      window.location.reload();
    } else if (target.closest("[data-cc-dismiss]")) {
      event.preventDefault();
      var banner = byId("cc-banner");
      if (banner) banner.hidden = true;
    }
  });

  /* ---- leaving the page ---- */
  function sendHeldBackChanges() {
    var app = scope.jupyterapp;
    var manager = app && app.widgetManager;
    var models = manager && manager._models;
    if (!models) return;
    Object.keys(models).forEach(function (id) {
      /* the models are resolved promises by now: these run before the next listener (Voila's) */
      Promise.resolve(models[id]).then(function (model) {
        if (model && model._msg_buffer && model.comm_live) {
          model.send_sync_message(model._msg_buffer, model._msg_buffer_callbacks);
          model._msg_buffer = null;
          model._msg_buffer_callbacks = null;
        }
      }, function () {});
    });
  }

  function ensureXsrfCookie() {
    if (/\b_xsrf=/.test(document.cookie) || !window.crypto || !window.crypto.getRandomValues) return;
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    var token = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    document.cookie = "_xsrf=" + token + "; path=/; SameSite=Strict";
  }
  ensureXsrfCookie();

  window.addEventListener("beforeunload", function () {
    state.unloading = true;
    try {
      sendHeldBackChanges();
    } catch (e) {
      /* best effort: leaving must never fail */
    }
  });
  window.addEventListener("pagehide", function () {
    state.unloading = true;
  });
  window.addEventListener("pageshow", function () {
    state.unloading = false;
  });

  /* ---- the kernel's websocket ---- */
  var KERNEL_CHANNELS = /\/api\/kernels\/[^/?#]+\/channels/;
  var STATUS_MSG = /"msg_type"\s*:\s*"status"/;
  var GONE_STATE = /"execution_state"\s*:\s*"(?:dead|restarting|autorestarting)"/;
  var decoder = window.TextDecoder ? new window.TextDecoder("utf-8") : null;

  function messageText(data) {
    if (typeof data === "string") return data.length <= 4096 ? data : "";
    if (decoder && data instanceof ArrayBuffer && data.byteLength <= 4096) {
      try {
        return decoder.decode(data);
      } catch (e) {
        return "";
      }
    }
    return "";
  }

  function lostSoon() {
    if (lostTimer) return;
    lostTimer = window.setTimeout(function () {
      lostTimer = null;
      if (state.openSockets === 0 && !state.unloading) cc.trouble("lost");
    }, LOST_GRACE_MS);
  }

  /* the server says this page's kernel is not there for it, before the page ever reached the kernel */
  function kernelRefused() {
    if (state.unloading || state.reachedKernel) return;
    if (!reloadAgain()) cc.trouble("lost");
  }

  /* the socket was refused before it ever opened: ask the server about the kernel (see the fetch below) */
  function refusedBeforeOpen(url) {
    if (state.unloading || state.reachedKernel || !window.fetch) return;
    var kernel = String(url).replace(/^ws/, "http").replace(/\/channels.*$/, "");
    window.fetch(kernel, { credentials: "same-origin", cache: "no-store" }).catch(function () {
      /* the server cannot be reached: the "lost" message in LOST_GRACE_MS says so */
    });
  }

  function watchKernelSocket(ws, url) {
    var wasOpen = false;
    var everOpen = false;
    ws.addEventListener("open", function () {
      wasOpen = true;
      everOpen = true;
      state.reachedKernel = true;
      state.openSockets += 1;
      if (lostTimer) {
        window.clearTimeout(lostTimer);
        lostTimer = null;
      }
    });
    ws.addEventListener("close", function () {
      if (wasOpen) state.openSockets = Math.max(0, state.openSockets - 1);
      wasOpen = false;
      if (!state.unloading) lostSoon();
      if (!everOpen) refusedBeforeOpen(url);
    });
    ws.addEventListener("message", function (event) {
      var text = messageText(event.data);
      if (text && STATUS_MSG.test(text) && GONE_STATE.test(text)) cc.trouble("lost");
    });
  }

  var NativeWebSocket = window.WebSocket;
  if (typeof NativeWebSocket === "function") {
    var WatchedWebSocket = function (url, protocols) {
      var ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
      try {
        if (KERNEL_CHANNELS.test(String(url))) watchKernelSocket(ws, url);
      } catch (e) {
        /* watching is best effort; never break the connection */
      }
      return ws;
    };
    WatchedWebSocket.prototype = NativeWebSocket.prototype;
    WatchedWebSocket.CONNECTING = 0;
    WatchedWebSocket.OPEN = 1;
    WatchedWebSocket.CLOSING = 2;
    WatchedWebSocket.CLOSED = 3;
    window.WebSocket = /** @type {any} */ (WatchedWebSocket);
  }

  /* the front end's first look at its kernel (GET /api/kernels/<id>) comes before the socket */
  var KERNEL_MODEL = /\/api\/kernels\/[^/?#]+(?:[?#]|$)/;
  var nativeFetch = window.fetch;
  if (typeof nativeFetch === "function") {
    window.fetch = function (input, init) {
      var result = nativeFetch.apply(this, arguments);
      try {
        var request = /** @type {any} */ (input);
        var url = typeof request === "string" ? request : (request && request.url) || "";
        var method = String((init && init.method) || (request && request.method) || "GET").toUpperCase();
        if (method === "GET" && KERNEL_MODEL.test(url)) {
          result.then(function (response) {
            if (response.status === 403 || response.status === 404) kernelRefused();
          }, function () {});
        }
      } catch (e) {
        /* watching is best effort; never break a request */
      }
      return result;
    };
  }

  /* ---- a traceback in an output after the page is shown ---- */
  var STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]';

  function watchErrors(root) {
    if (!root || !window.MutationObserver) return;
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var added = records[i].addedNodes;
        for (var j = 0; j < added.length; j++) {
          var node = /** @type {Element} */ (added[j]);
          if (node.nodeType !== 1) continue;
          var hit = node.matches && node.matches(STDERR) ? node : node.querySelector && node.querySelector(STDERR);
          if (hit) {
            window.setTimeout(function (el) {
              return function () {
                if (/Traceback|Error/.test(el.textContent || "")) cc.trouble("error");
              };
            }(hit), 300);
          }
        }
      }
    }).observe(root, { childList: true, subtree: true });
  }
})();
