/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The wire protocol is TypeScript source shared with the runner.
  transpilePackages: ["@quai/sandbox-runner"],
  poweredByHeader: false,
  // Preview addresses (/apercu/…/) must keep their final slash; proxy.ts
  // redirects every other path the way Next would.
  skipTrailingSlashRedirect: true,
};

module.exports = nextConfig;
