/** The WebGL renderer, a module of its own next to the terminal kit (loaded after the first prompt, mount-terminal.ts). */
export { WebglAddon } from "@xterm/addon-webgl";
