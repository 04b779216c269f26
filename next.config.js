/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The wire protocol is TypeScript source shared with the runner.
  transpilePackages: ["@quai/sandbox-runner"],
  poweredByHeader: false,
  // Preview addresses (/apercu/…/) must keep their final slash; proxy.ts
  // redirects every other path the way Next would.
  skipTrailingSlashRedirect: true,
  // The terminal kit (npm run build:terminal-kit): the page asks for it with its hash
  // (terminal-kit-url.ts), its chunks are named by theirs.
  async headers() {
    return [{ source: "/_quai/:path*", headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }] }];
  },
};

module.exports = nextConfig;
