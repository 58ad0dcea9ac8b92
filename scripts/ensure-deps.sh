#!/bin/sh
# Installs the project's dependencies, exactly as package-lock.json lists them, when they are
# missing or older than the lock. Hardhat 3 needs Node 22; machines here have Node 20, so the
# install runs under Node 22 taken from the npm registry, and the `node` devDependency puts Node 22
# first on every npm script's PATH. `npm ci` never rewrites the lock and fails when it is out of
# date with package.json; `--prefer-offline` takes what npm's cache already holds without asking
# the registry again. A plain `npm install` under Node 20 would drop Hardhat's native runtime
# (engine-strict turns that into an error instead).
set -e
cd "$(dirname "$0")/.."
stamp=node_modules/.package-lock.json
if [ -x node_modules/.bin/node ] && [ -x node_modules/.bin/hardhat ] &&
  [ -d node_modules/@nomicfoundation/edr-linux-x64-gnu ] && [ -f "$stamp" ] &&
  [ ! package-lock.json -nt "$stamp" ]; then
  exit 0
fi
echo "Installing dependencies from package-lock.json with Node 22 from the npm registry (about 30 s, once)..."
npx -y -p node@22 npm ci --prefer-offline --no-audit --no-fund --loglevel=error
