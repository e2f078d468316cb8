// ESLint for the page scripts: the widgets' ES modules (handed to anywidget) and the Voila template's
// scripts (inlined into the page as classic scripts). Run from the repository's root by `make lint`:
//   tools/js/node_modules/.bin/eslint --config tools/js/eslint.config.mjs
import js from "@eslint/js";
import globals from "globals";

const WIDGETS = "src/coffeechat/widgets/*.js";
const TEMPLATE = "src/coffeechat/server/jupyter/voila/templates/coffeechat/*.js";

export default [
  {
    // only the page scripts: node_modules and everything else in the repository are not ours to lint here
    ignores: ["**/node_modules/**", "tools/**", ".venv/**", "build/**", "test-results/**"],
  },
  {
    files: [WIDGETS, TEMPLATE],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      ...js.configs.recommended.rules,
      // `catch (error) { /* no sound: the visual signal is enough */ }`: a caught error may go unused
      "no-unused-vars": ["error", { caughtErrors: "none", argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
    },
  },
  // anywidget imports each widget's file as an ES module (`export default { render }`)
  { files: [WIDGETS], languageOptions: { sourceType: "module" } },
  // index.html.j2 inlines the template's scripts into <script> elements: classic scripts
  { files: [TEMPLATE], languageOptions: { sourceType: "script" } },
];
