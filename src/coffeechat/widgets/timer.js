function format(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return Math.floor(total / 60) + ":" + String(total % 60).padStart(2, "0");
}
const SOUND_KEY = "coffeechat.timer-sound";
function soundOn() {
  try { return window.localStorage.getItem(SOUND_KEY) !== "off"; } catch (error) { return true; }
}
function chime() {
  if (!soundOn()) { return; }
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
  el.classList.add("cc-timer");
  const display = document.createElement("div");
  display.className = "cc-timer-display";
  display.setAttribute("role", "timer");
  display.setAttribute("aria-live", "off");
  const message = document.createElement("div");
  message.className = "cc-timer-message";
  message.setAttribute("role", "status");
  const buttons = document.createElement("div");
  buttons.className = "cc-timer-buttons";
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
  let endAt = null;
  let tick = null;
  const labels = () => model.get("labels") || {};
  const draw = () => {
    display.textContent = format(endAt ? endAt - Date.now() : remaining);
    startButton.textContent = endAt ? (labels().pause || "Pause") : (labels().start || "Start");
    resetButton.textContent = labels().reset || "Reset";
    const on = soundOn();
    soundButton.textContent = on ? (labels().sound_on || "Sound on") : (labels().sound_off || "Sound off");
  };
  const stop = () => { if (tick) { clearInterval(tick); tick = null; } };
  const finish = () => {
    stop();
    endAt = null;
    remaining = 0;
    el.classList.add("cc-timer-done");
    message.textContent = labels().done || "";
    draw();
    chime();
    model.set("finished_count", model.get("finished_count") + 1);
    model.save_changes();
  };
  const run = () => {
    if (remaining <= 0) { remaining = model.get("seconds") * 1000; }
    el.classList.remove("cc-timer-done");
    message.textContent = "";
    endAt = Date.now() + remaining;
    stop();
    tick = setInterval(() => { if (Date.now() >= endAt) { finish(); } else { draw(); } }, 250);
    draw();
  };
  const pause = () => { remaining = Math.max(0, endAt - Date.now()); endAt = null; stop(); draw(); };
  const reset = () => {
    stop(); endAt = null; remaining = model.get("seconds") * 1000;
    el.classList.remove("cc-timer-done"); message.textContent = ""; draw();
  };
  startButton.addEventListener("click", () => (endAt ? pause() : run()));
  resetButton.addEventListener("click", reset);
  soundButton.addEventListener("click", () => {
    try { window.localStorage.setItem(SOUND_KEY, soundOn() ? "off" : "on"); } catch (error) { /* private mode */ }
    draw();
  });
  model.on("change:seconds", () => { if (!endAt) { reset(); } });
  model.on("change:labels", draw);
  draw();
  return () => stop();
}
export default { render };
