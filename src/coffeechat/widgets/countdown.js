// @ts-check
/* coffeechat: what the two countdowns share (timer.js, the role-play round; sharedtimer.js, the room's timer):
 * the time as m:ss, the sound setting of this device, the soft two-note chime, and the parts every countdown
 * shows. An ES module of its own; anywidget gets each timer's module as text, so esm.py puts this file's text
 * in place of the timer's `import` (a relative import cannot resolve from anywidget's blob: URL). */

/** where this device keeps whether the chime sounds ("off" silences it); the same for both timers */
export const SOUND_KEY = "coffeechat.timer-sound";

/**
 * @param {number} ms milliseconds left
 * @returns {string} the time as m:ss, never below 0:00
 */
export function format(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return Math.floor(total / 60) + ":" + String(total % 60).padStart(2, "0");
}

/** @returns {boolean} whether the chime sounds on this device */
export function soundOn() {
  try {
    return window.localStorage.getItem(SOUND_KEY) !== "off";
  } catch (error) {
    return true;
  }
}

/** Switch the chime on this device on or off. */
export function switchSound() {
  try {
    window.localStorage.setItem(SOUND_KEY, soundOn() ? "off" : "on");
  } catch (error) {
    /* private mode */
  }
}

/** The soft two-note chime, generated in the page (nothing is loaded). */
export function playChime() {
  try {
    const scope = /** @type {any} */ (window);
    const Context = scope.AudioContext || scope.webkitAudioContext;
    if (!Context) {
      return;
    }
    /** @type {AudioContext} */
    const audio = new Context();
    [0, 0.35].forEach((delay, index) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = index ? 523.25 : 659.25;
      gain.gain.setValueAtTime(0.0001, audio.currentTime + delay);
      gain.gain.exponentialRampToValueAtTime(0.08, audio.currentTime + delay + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + delay + 0.6);
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + delay);
      tone.stop(audio.currentTime + delay + 0.7);
    });
  } catch (error) {
    /* no sound: the visual signal is enough */
  }
}

/**
 * The parts every countdown shows: the time (a timer, not read out each second) and its message (a status).
 * @returns {{ display: HTMLDivElement, message: HTMLDivElement }}
 */
export function countdownParts() {
  const display = document.createElement("div");
  display.className = "cc-timer-display";
  display.setAttribute("role", "timer");
  display.setAttribute("aria-live", "off");
  const message = document.createElement("div");
  message.className = "cc-timer-message";
  message.setAttribute("role", "status");
  return { display, message };
}
