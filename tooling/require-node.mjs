// Imported before every workspace script (see .npmrc node-options): one line, not a stack
// trace, when Node.js is older than the version the project needs (24.7: crypto.argon2 hashes
// passwords; Slonik needs 24). Keep this file plain ES2015.
var version = process.versions.node.split(".");
var major = Number(version[0]);
var minor = Number(version[1]);
if (major < 24 || (major === 24 && minor < 7)) {
  process.stderr.write(
    "This project needs Node.js 24.7 or newer (found " +
      process.versions.node +
      "): install it from nodejs.org, with nvm/fnm ('nvm install 24'), or 'npm install --prefix ~/.node24 node@24' and put ~/.node24/node_modules/.bin first on PATH.\n",
  );
  process.exit(1);
}
