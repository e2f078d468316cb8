// @ts-check
/* coffeechat: the place of the kit's CSS in the Voila page's cascade.
 *
 * The look of the kit's widgets (src/coffeechat/widgets/kit.css) travels with the widgets: anywidget puts it
 * into <head> as <style id="coffeechat.widgets.page.PageAssist"> (one per widget class) when the model is
 * made, i.e. after ipywidgets' own styles. Its rules were written for the place right after cc-style.css and
 * before ipywidgets' styles, where the kit's look stood while it was one sheet (a rule of the same weight as
 * one of ipywidgets' then lost to it). This script keeps that place on the Voila page: each kit style is moved
 * to the slot <style id="cc-kit-css"> that index.html.j2 leaves after cc-style.css, so the page looks exactly as
 * it did. In JupyterLab there is no slot and the kit's CSS stays where anywidget put it.
 */
(function () {
  "use strict";
  var slot = document.getElementById("cc-kit-css");
  if (!slot) return;
  var last = /** @type {Element} */ (slot);
  function place() {
    document.head.querySelectorAll('style[id^="coffeechat.widgets."]').forEach(function (style) {
      var kit = /** @type {HTMLStyleElement} */ (style);
      if (kit.dataset.ccPlaced) return;
      kit.dataset.ccPlaced = "1";
      last.after(kit);
      last = kit;
    });
  }
  new MutationObserver(place).observe(document.head, { childList: true });
  place();
})();
