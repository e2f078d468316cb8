// @ts-check
/* coffeechat: the room's shared timer on a page (sharedtimer.py): counts down from the end time stored for the
   room, corrected by the server's clock. */
import { countdownParts, format, playChime, soundOn, switchSound } from "./countdown.js";

/**
 * @typedef {object} AnyModel
 * @property {(name: string) => any} get
 * @property {(event: string, callback: (...args: any[]) => void) => void} on
 */

/**
 * The chime, unless the page's setting ("on" / "off", the projector) or this device's silences it.
 * @param {AnyModel} model
 */
function chime(model) {
  const chosen = model.get("sound");
  if (chosen === "off" || (chosen !== "on" && !soundOn())) {
    return;
  }
  playChime();
}

/** @param {{ model: AnyModel, el: HTMLElement }} context */
function render({ model, el }) {
  el.classList.add("cc-timer", "cc-shared-timer");
  const { display, message } = countdownParts();
  const sound = document.createElement("button");
  sound.className = "cc-button cc-timer-sound";
  // the time, pinned to the window's corner while the timer itself is scrolled out of view (a coach's walk saw
  // the running timer leave a phone's screen with the first swipe); the timer itself is what is read out
  const pinned = document.createElement("div");
  pinned.className = "cc-timer-pinned";
  pinned.setAttribute("aria-hidden", "true");
  pinned.hidden = true;
  el.append(display, message, sound, pinned);
  let away = false; // the timer's display is out of the window

  let offset = 0; // server clock minus this page's clock
  /** @type {number | null} */
  let doneFor = null; // the end time whose signal was given
  const labels = () => model.get("labels") || {};
  const remaining = () => {
    const ends = model.get("ends_at");
    return ends ? ends - (Date.now() + offset) : model.get("left");
  };
  const draw = () => {
    const left = remaining();
    display.textContent = format(left);
    const ends = model.get("ends_at");
    const paused = !ends && model.get("paused");
    el.classList.toggle("cc-timer-running", Boolean(ends) && left > 0);
    el.classList.toggle("cc-timer-paused", paused);
    if (ends && left <= 0) {
      if (doneFor !== ends) {
        doneFor = ends;
        el.classList.add("cc-timer-done");
        message.textContent = labels().done || "";
        chime(model);
      }
    } else if (paused) {
      el.classList.remove("cc-timer-done");
      message.textContent = labels().paused || "";
    } else if (left > 0) {
      el.classList.remove("cc-timer-done");
      message.textContent = "";
    }
    const counting = Boolean(ends) || paused;
    pinned.hidden = !(away && counting && model.get("sound") === "device"); // the projector never scrolls
    pinned.textContent = display.textContent;
    pinned.classList.toggle("cc-timer-pinned-paused", paused);
    sound.hidden = model.get("sound") !== "device";
    sound.textContent = soundOn() ? labels().sound_on || "Sound on" : labels().sound_off || "Sound off";
  };
  const sync = () => {
    offset = model.get("server_now") - Date.now();
    draw();
  };
  sound.addEventListener("click", () => {
    switchSound();
    draw();
  });
  model.on("change:server_now", sync);
  model.on("change:ends_at", draw);
  model.on("change:left", draw);
  model.on("change:labels", draw);
  model.on("change:paused", draw);
  model.on("change:sound", draw);
  const observer =
    "IntersectionObserver" in window
      ? new IntersectionObserver((entries) => {
          const seen = entries[entries.length - 1];
          away = !seen.isIntersecting && seen.boundingClientRect.height > 0; // not while hidden (display: none)
          draw();
        })
      : null;
  observer?.observe(display);
  sync();
  const tick = window.setInterval(draw, 250);
  return () => {
    clearInterval(tick);
    observer?.disconnect();
  };
}

export default { render };
