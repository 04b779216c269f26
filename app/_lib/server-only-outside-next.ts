// What `import "server-only"` resolves to outside Next.js: the custom site
// server (esbuild), the scripts and benches (tsx) and the tests (vitest) run
// server modules in Node, where the package's default entry throws. Inside
// Next.js the guard keeps its meaning: a client component that imports a
// guarded module fails the build (Next's own transform checks the specifier).
export {};
