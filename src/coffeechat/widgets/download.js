// @ts-check
/* coffeechat: downloads that never leave the page (download.py): the kernel sends the bytes, the browser saves
   them. */

/**
 * @typedef {object} AnyModel
 * @property {(event: string, callback: (...args: any[]) => void) => void} on
 */

/** @param {{ model: AnyModel, el: HTMLElement }} context */
function render({ model, el }) {
  el.style.display = "none";
  model.on("msg:custom", (/** @type {any} */ message, /** @type {DataView<ArrayBuffer>[] | undefined} */ buffers) => {
    if (!message || message.type !== "download" || !buffers || !buffers.length) {
      return;
    }
    const blob = new Blob([buffers[0]], { type: message.mime || "application/octet-stream" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = message.filename;
    link.rel = "noopener";
    document.body.appendChild(link);
    link.click();
    setTimeout(() => {
      URL.revokeObjectURL(url);
      link.remove();
    }, 2000);
  });
}

export default { render };
