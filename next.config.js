/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The wire protocol is TypeScript source shared with the runner.
  transpilePackages: ["@quai/sandbox-runner"],
  poweredByHeader: false,
};

module.exports = nextConfig;
