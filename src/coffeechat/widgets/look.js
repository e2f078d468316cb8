// @ts-check
/* coffeechat: an invisible widget whose only job is its CSS (look.py: kit.css). */

/** @param {{ el: HTMLElement }} context */
function render({ el }) {
  el.style.display = "none";
}

export default { render };
