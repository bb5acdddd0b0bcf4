// Probe scripts are bundled as fixed text through Vite's ?raw import.
declare module '*?raw' {
  const text: string;
  export default text;
}
