function format(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return Math.floor(total / 60) + ":" + String(total % 60).padStart(2, "0");
}
const SOUND_KEY = "coffeechat.timer-sound";
function soundOn() {
  try { return window.localStorage.getItem(SOUND_KEY) !== "off"; } catch (error) { return true; }
}
function chime(model) {
  const chosen = model.get("sound");
  if (chosen === "off" || (chosen !== "on" && !soundOn())) { return; }
  try {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
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
  } catch (error) { /* no sound: the visual signal is enough */ }
}
function render({ model, el }) {
  el.classList.add("cc-timer", "cc-shared-timer");
  const display = document.createElement("div");
  display.className = "cc-timer-display";
  display.setAttribute("role", "timer");
  display.setAttribute("aria-live", "off");
  const message = document.createElement("div");
  message.className = "cc-timer-message";
  message.setAttribute("role", "status");
  const sound = document.createElement("button");
  sound.className = "cc-button cc-timer-sound";
  el.append(display, message, sound);

  let offset = 0;  // server clock minus this page's clock
  let doneFor = null;  // the end time whose signal was given
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
    sound.hidden = model.get("sound") !== "device";
    sound.textContent = soundOn() ? (labels().sound_on || "Sound on") : (labels().sound_off || "Sound off");
  };
  const sync = () => { offset = model.get("server_now") - Date.now(); draw(); };
  sound.addEventListener("click", () => {
    try { window.localStorage.setItem(SOUND_KEY, soundOn() ? "off" : "on"); } catch (error) { /* private mode */ }
    draw();
  });
  model.on("change:server_now", sync);
  model.on("change:ends_at", draw);
  model.on("change:left", draw);
  model.on("change:labels", draw);
  model.on("change:paused", draw);
  model.on("change:sound", draw);
  sync();
  const tick = setInterval(draw, 250);
  return () => clearInterval(tick);
}
export default { render };
