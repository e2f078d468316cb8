// @ts-check
/* coffeechat: the role-play round timer (timer.py). Start, pause and reset happen in the page. */
import { countdownParts, format, playChime, soundOn, switchSound } from "./countdown.js";

/**
 * @typedef {object} AnyModel
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 * @property {() => void} save_changes
 * @property {(event: string, callback: (...args: any[]) => void) => void} on
 */

/** @param {{ model: AnyModel, el: HTMLElement }} context */
function render({ model, el }) {
  el.classList.add("cc-timer");
  const { display, message } = countdownParts();
  const buttons = document.createElement("div");
  buttons.className = "cc-timer-buttons";
  /** @param {string} name */
  const makeButton = (name) => {
    const button = document.createElement("button");
    button.className = "cc-button cc-timer-" + name;
    buttons.appendChild(button);
    return button;
  };
  const startButton = makeButton("start");
  const resetButton = makeButton("reset");
  const soundButton = makeButton("sound");
  el.append(display, buttons, message);

  let remaining = model.get("seconds") * 1000;
  /** @type {number | null} */
  let endAt = null;
  /** @type {number | null} */
  let tick = null;
  const labels = () => model.get("labels") || {};
  const draw = () => {
    display.textContent = format(endAt ? endAt - Date.now() : remaining);
    startButton.textContent = endAt ? labels().pause || "Pause" : labels().start || "Start";
    resetButton.textContent = labels().reset || "Reset";
    const on = soundOn();
    soundButton.textContent = on ? labels().sound_on || "Sound on" : labels().sound_off || "Sound off";
  };
  const stop = () => {
    if (tick) {
      clearInterval(tick);
      tick = null;
    }
  };
  const finish = () => {
    stop();
    endAt = null;
    remaining = 0;
    el.classList.add("cc-timer-done");
    message.textContent = labels().done || "";
    draw();
    if (soundOn()) {
      playChime();
    }
    model.set("finished_count", model.get("finished_count") + 1);
    model.save_changes();
  };
  const run = () => {
    if (remaining <= 0) {
      remaining = model.get("seconds") * 1000;
    }
    el.classList.remove("cc-timer-done");
    message.textContent = "";
    const ends = Date.now() + remaining;
    endAt = ends;
    stop();
    tick = window.setInterval(() => {
      if (Date.now() >= ends) {
        finish();
      } else {
        draw();
      }
    }, 250);
    draw();
  };
  const pause = () => {
    remaining = Math.max(0, (endAt || Date.now()) - Date.now());
    endAt = null;
    stop();
    draw();
  };
  const reset = () => {
    stop();
    endAt = null;
    remaining = model.get("seconds") * 1000;
    el.classList.remove("cc-timer-done");
    message.textContent = "";
    draw();
  };
  startButton.addEventListener("click", () => (endAt ? pause() : run()));
  resetButton.addEventListener("click", reset);
  soundButton.addEventListener("click", () => {
    switchSound();
    draw();
  });
  model.on("change:seconds", () => {
    if (!endAt) {
      reset();
    }
  });
  model.on("change:labels", draw);
  draw();
  return () => stop();
}

export default { render };
